@NullMarked
package io.streamguard.engine.gitleaks;

import org.jspecify.annotations.NullMarked;
