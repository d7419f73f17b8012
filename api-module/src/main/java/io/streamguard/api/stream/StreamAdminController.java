package io.streamguard.api.stream;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Live streams", description = "Streams open across the cluster (admin)")
@RestController
class StreamAdminController {

    private final StreamService streams;

    StreamAdminController(StreamService streams) {
        this.streams = streams;
    }

    @Operation(summary = "Open streams on every node, newest first")
    @GetMapping("/v1/admin/streams")
    List<LiveStream> live(@RequestParam(defaultValue = "500") @Min(1) @Max(10_000) int limit) {
        return streams.live(limit);
    }
}
