@NullMarked
package io.streamguard.console;

import org.jspecify.annotations.NullMarked;
