@NullMarked
package io.streamguard.api.clients;

import org.jspecify.annotations.NullMarked;
