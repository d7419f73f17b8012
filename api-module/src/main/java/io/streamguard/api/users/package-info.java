@NullMarked
package io.streamguard.api.users;

import org.jspecify.annotations.NullMarked;
