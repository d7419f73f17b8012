@NullMarked
package io.streamguard.engine.regex;

import org.jspecify.annotations.NullMarked;
