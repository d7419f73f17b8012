@NullMarked
package io.streamguard.api.check;

import org.jspecify.annotations.NullMarked;
