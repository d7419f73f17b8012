@NullMarked
package io.streamguard.engine.scan;

import org.jspecify.annotations.NullMarked;
