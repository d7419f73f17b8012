@NullMarked
package io.streamguard.loadtool.answers;

import org.jspecify.annotations.NullMarked;
