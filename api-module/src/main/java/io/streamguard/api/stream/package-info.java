@NullMarked
package io.streamguard.api.stream;

import org.jspecify.annotations.NullMarked;
