@NullMarked
package io.streamguard.console.rules;

import org.jspecify.annotations.NullMarked;
