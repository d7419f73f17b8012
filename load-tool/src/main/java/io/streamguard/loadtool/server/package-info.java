@NullMarked
package io.streamguard.loadtool.server;

import org.jspecify.annotations.NullMarked;
