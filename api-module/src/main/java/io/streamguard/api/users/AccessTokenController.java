package io.streamguard.api.users;

import io.streamguard.api.system.WellFormedText;
import io.streamguard.api.users.PersonalAccessTokens.CreatedToken;
import io.streamguard.api.users.PersonalAccessTokens.TokenView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.security.Principal;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Access tokens", description = "Your own tokens for automation (admin or compliance)")
@RestController
@RequestMapping("/v1/me/tokens")
class AccessTokenController {

    private final PersonalAccessTokens tokens;

    AccessTokenController(PersonalAccessTokens tokens) {
        this.tokens = tokens;
    }

    @Operation(
            summary = "Create a token: 'Authorization: Bearer sgp_…' acts as you, with your current role."
                    + " The token is in this response and nowhere else")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    CreatedToken create(@Valid @RequestBody NewToken request, Principal me) {
        int days = request.expiresInDays() == null ? PersonalAccessTokens.DEFAULT_DAYS : request.expiresInDays();
        return tokens.create(me.getName(), request.name().strip(), days);
    }

    @Operation(summary = "List your tokens (without the tokens themselves)")
    @GetMapping
    List<TokenView> list(Principal me) {
        return tokens.list(me.getName());
    }

    @Operation(summary = "Revoke one of your tokens")
    @DeleteMapping("/{tokenId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable String tokenId, Principal me) {
        tokens.revoke(me.getName(), tokenId);
    }

    record NewToken(
            @NotBlank @Size(max = 100) @WellFormedText String name,

            @Nullable @Min(1) @Max(PersonalAccessTokens.MAX_DAYS)
            Integer expiresInDays) {}
}
