@NullMarked
package io.streamguard.sdk;

import org.jspecify.annotations.NullMarked;
