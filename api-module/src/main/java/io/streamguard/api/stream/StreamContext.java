package io.streamguard.api.stream;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Who is chatting with which bot in which browser tab; each part 1..256 chars. */
public record StreamContext(
        @NotBlank @Size(max = 256) String userId,
        @NotBlank @Size(max = 256) String botId,
        @NotBlank @Size(max = 256) String sessionId) {
}
