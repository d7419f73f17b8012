@NullMarked
package io.streamguard.engine.rules;

import org.jspecify.annotations.NullMarked;
