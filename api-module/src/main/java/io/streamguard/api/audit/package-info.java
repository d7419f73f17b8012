@NullMarked
package io.streamguard.api.audit;

import org.jspecify.annotations.NullMarked;
