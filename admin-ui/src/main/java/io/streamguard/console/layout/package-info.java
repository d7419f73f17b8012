@NullMarked
package io.streamguard.console.layout;

import org.jspecify.annotations.NullMarked;
