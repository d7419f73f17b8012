@NullMarked
package io.streamguard.engine.keyword;

import org.jspecify.annotations.NullMarked;
