/**
 * The plugin SDK's files (the {@code plugin-sdk} module's jar, {@code META-INF/resources/sdk/}) served at
 * {@code /sdk/**} to anyone, and its demo page at {@code /sdk/demo}. docs/sdk.md is the plugin team's guide.
 */
@NullMarked
package io.streamguard.api.sdk;

import org.jspecify.annotations.NullMarked;
