@NullMarked
package io.streamguard.loadtool;

import org.jspecify.annotations.NullMarked;
