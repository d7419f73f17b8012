package io.streamguard.console.rules;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import io.streamguard.api.rules.RuleDefinition;
import io.streamguard.api.rules.RuleHistoryEntry;
import io.streamguard.console.layout.Times;
import java.util.List;

/** Every change of one rule, newest first: what it became, by whom, in which rule-set version. */
class RuleHistoryDialog extends Dialog {

    RuleHistoryDialog(String ruleName, List<RuleHistoryEntry> history) {
        setHeaderTitle("History of " + ruleName);
        addClassName("rule-history");
        setWidth("980px");
        Grid<RuleHistoryEntry> grid = new Grid<>();
        grid.addThemeVariants(GridVariant.ROW_STRIPES, GridVariant.WRAP_CELL_CONTENT);
        grid.addColumn(RuleHistoryEntry::ruleSetVersion)
                .setHeader("Version")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(RuleHistoryEntry::change)
                .setHeader("Change")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(RuleHistoryEntry::changedBy)
                .setHeader("By")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(e -> Times.format(e.changedAt()))
                .setHeader("When")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(e -> summary(e.rule())).setHeader("The rule then").setFlexGrow(1);
        grid.setItems(history);
        grid.setAllRowsVisible(history.size() <= 8);
        grid.setHeight(history.size() <= 8 ? null : "420px");
        add(grid);
        getFooter().add(new Button("Close", click -> close()));
    }

    static String summary(RuleDefinition rule) {
        String what = switch (rule.kind()) {
            case "regex" -> "/" + rule.pattern() + "/" + (rule.flags() == null ? "" : rule.flags());
            case "keyword" -> String.join(", ", rule.keywords());
            default -> RuleForm.KINDS.getOrDefault(rule.kind(), rule.kind());
        };
        return rule.name() + ": " + what + " → " + rule.action()
                + (Boolean.TRUE.equals(rule.enabled()) ? "" : " (disabled)");
    }
}
