package io.streamguard.api.users;

import io.streamguard.api.users.UserAccounts.UserView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Users", description = "People who sign in to the console (admin)")
@RestController
@RequestMapping("/v1/admin/users")
class UserController {

    private final UserAccounts users;

    UserController(UserAccounts users) {
        this.users = users;
    }

    @Operation(summary = "List users")
    @GetMapping
    List<UserView> list() {
        return users.list();
    }

    @Operation(summary = "Create a user with a role (ADMIN or COMPLIANCE)")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    UserView create(@Valid @RequestBody NewUser user) {
        return users.create(user.username(), user.password(), user.role());
    }

    @Operation(summary = "Change a user's role")
    @PutMapping("/{username}/role")
    UserView assign(@PathVariable String username, @Valid @RequestBody RoleChange change) {
        return users.assign(username, change.role());
    }

    @Operation(summary = "Disable a user: they can no longer sign in")
    @PostMapping("/{username}/disable")
    UserView disable(@PathVariable String username) {
        return users.setEnabled(username, false);
    }

    @Operation(summary = "Enable a user again")
    @PostMapping("/{username}/enable")
    UserView enable(@PathVariable String username) {
        return users.setEnabled(username, true);
    }

    record NewUser(
            @NotBlank String username,
            @NotBlank String password,
            @NotNull Role role) {}

    record RoleChange(@NotNull Role role) {}
}
