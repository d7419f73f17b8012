package io.streamguard.api.stream;

import io.streamguard.api.system.WellFormedText;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Who is chatting with which bot in which browser tab; each part 1..256 chars. */
public record StreamContext(
        @NotBlank @Size(max = 256) @WellFormedText String userId,
        @NotBlank @Size(max = 256) @WellFormedText String botId,
        @NotBlank @Size(max = 256) @WellFormedText String sessionId) {}
