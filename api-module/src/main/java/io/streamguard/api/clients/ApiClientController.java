package io.streamguard.api.clients;

import io.streamguard.api.clients.ApiClientService.ApiClientSummary;
import io.streamguard.api.clients.ApiClientService.CreatedApiClient;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.security.Principal;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "API clients", description = "Keys for the browser plugin (admin)")
@RestController
@RequestMapping("/v1/admin/api-clients")
class ApiClientController {

    private final ApiClientService clients;

    ApiClientController(ApiClientService clients) {
        this.clients = clients;
    }

    @Operation(summary = "Create an API client; its key is in this response and nowhere else")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    CreatedApiClient create(@Valid @RequestBody NewApiClient request, Principal admin) {
        return clients.create(request.name().strip(), admin.getName());
    }

    @Operation(summary = "List API clients (without keys)")
    @GetMapping
    List<ApiClientSummary> list() {
        return clients.list();
    }

    @Operation(summary = "Revoke an API client's key")
    @PostMapping("/{clientId}/revoke")
    ApiClientSummary revoke(@PathVariable UUID clientId) {
        return clients.revoke(clientId);
    }

    record NewApiClient(
            @NotBlank @Size(max = 200) @io.streamguard.api.system.WellFormedText
            String name) {}
}
