@NullMarked
package io.streamguard.devdb;

import org.jspecify.annotations.NullMarked;
