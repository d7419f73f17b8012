@NullMarked
package io.streamguard.console.streams;

import org.jspecify.annotations.NullMarked;
