@NullMarked
package io.streamguard.engine.detect;

import org.jspecify.annotations.NullMarked;
