@NullMarked
package io.streamguard.loadtool.run;

import org.jspecify.annotations.NullMarked;
