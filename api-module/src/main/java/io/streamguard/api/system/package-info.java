@NullMarked
package io.streamguard.api.system;

import org.jspecify.annotations.NullMarked;
