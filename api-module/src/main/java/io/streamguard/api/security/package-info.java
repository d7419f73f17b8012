@NullMarked
package io.streamguard.api.security;

import org.jspecify.annotations.NullMarked;
