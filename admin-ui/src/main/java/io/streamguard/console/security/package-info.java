@NullMarked
package io.streamguard.console.security;

import org.jspecify.annotations.NullMarked;
