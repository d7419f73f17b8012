@NullMarked
package io.streamguard.api.cluster;

import org.jspecify.annotations.NullMarked;
