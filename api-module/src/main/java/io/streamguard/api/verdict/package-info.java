/**
 * The words every feature shares about what the rules found: a {@link io.streamguard.api.verdict.Violation}
 * and its {@link io.streamguard.engine.rules.Action}, as the stream, the check, the rules' test bench and
 * the audit speak of them. Owned by no single feature, depending on none.
 */
@NullMarked
package io.streamguard.api.verdict;

import org.jspecify.annotations.NullMarked;
