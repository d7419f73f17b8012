@NullMarked
package io.streamguard.engine.compile;

import org.jspecify.annotations.NullMarked;
