@NullMarked
package io.streamguard.benchmarks;

import org.jspecify.annotations.NullMarked;
