package io.streamguard.api.rules;

import io.streamguard.api.system.ErrorCode;
import io.streamguard.engine.rules.Action;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.security.Principal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "Rules", description = "Authoring of regex, keyword and detector rules (admin)")
@RestController
@RequestMapping("/v1/admin/rules")
class RuleController {

    private final RuleService rules;

    RuleController(RuleService rules) {
        this.rules = rules;
    }

    @Operation(summary = "List all rules")
    @GetMapping
    List<RuleView> list() {
        return rules.list();
    }

    @Operation(summary = "Create a rule; refused with 400 invalid_request and the reasons if unsafe or not portable")
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    RuleView create(@Valid @RequestBody RuleDefinition rule, Principal admin) {
        return rules.create(rule, admin.getName());
    }

    @Operation(summary = "Import a gitleaks configuration (TOML body): takes what is portable, reports the rest")
    @PostMapping(
            value = "/import/gitleaks",
            consumes = {"application/toml", "text/plain"})
    @ResponseStatus(HttpStatus.CREATED)
    RuleService.ImportReport importGitleaks(
            @RequestBody String toml,
            @org.springframework.web.bind.annotation.RequestParam(defaultValue = "block") String action,
            Principal admin) {
        Action ruleAction;
        try {
            ruleAction = Action.fromWire(action);
        } catch (IllegalArgumentException e) {
            ruleAction = Action.ALLOW;
        }
        if (ruleAction == Action.ALLOW) {
            throw new RuleRefusal(ErrorCode.INVALID_REQUEST, "action must be warn or block");
        }
        return rules.importGitleaks(toml, ruleAction, admin.getName());
    }

    @Operation(summary = "Read a rule")
    @GetMapping("/{id}")
    RuleView get(@PathVariable String id) {
        return rules.get(id);
    }

    @Operation(summary = "Replace a rule")
    @PutMapping("/{id}")
    RuleView update(@PathVariable String id, @Valid @RequestBody RuleDefinition rule, Principal admin) {
        return rules.update(id, rule, admin.getName());
    }

    @Operation(summary = "Enable a rule: live for new streams at once")
    @PostMapping("/{id}/enable")
    RuleView enable(@PathVariable String id, Principal admin) {
        return rules.setEnabled(id, true, admin.getName());
    }

    @Operation(summary = "Disable a rule: new streams no longer check it")
    @PostMapping("/{id}/disable")
    RuleView disable(@PathVariable String id, Principal admin) {
        return rules.setEnabled(id, false, admin.getName());
    }

    @Operation(summary = "Delete a rule")
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable String id, Principal admin) {
        rules.delete(id, admin.getName());
    }

    @Operation(summary = "A rule's change history, newest first")
    @GetMapping("/{id}/history")
    List<RuleHistoryEntry> history(@PathVariable String id) {
        rules.get(id);
        return rules.history(id);
    }
}
