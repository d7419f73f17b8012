@NullMarked
package io.streamguard.console.users;

import org.jspecify.annotations.NullMarked;
