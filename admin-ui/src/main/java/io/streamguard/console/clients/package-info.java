@NullMarked
package io.streamguard.console.clients;

import org.jspecify.annotations.NullMarked;
