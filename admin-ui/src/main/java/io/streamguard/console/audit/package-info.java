@NullMarked
package io.streamguard.console.audit;

import org.jspecify.annotations.NullMarked;
