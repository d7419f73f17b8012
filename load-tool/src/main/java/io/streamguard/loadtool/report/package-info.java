@NullMarked
package io.streamguard.loadtool.report;

import org.jspecify.annotations.NullMarked;
