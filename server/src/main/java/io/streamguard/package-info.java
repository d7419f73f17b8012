@NullMarked
package io.streamguard;

import org.jspecify.annotations.NullMarked;
