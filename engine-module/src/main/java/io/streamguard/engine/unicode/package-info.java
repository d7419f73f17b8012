@NullMarked
package io.streamguard.engine.unicode;

import org.jspecify.annotations.NullMarked;
