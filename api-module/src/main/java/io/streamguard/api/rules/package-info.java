@NullMarked
package io.streamguard.api.rules;

import org.jspecify.annotations.NullMarked;
