package io.streamguard.console.rules;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.data.value.ValueChangeMode;
import io.streamguard.api.rules.RuleDefinition;
import io.streamguard.api.system.Refusal;
import io.streamguard.api.verdict.Violation;
import io.streamguard.console.layout.ActionBadge;
import io.streamguard.console.layout.HighlightedText;
import java.util.List;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * Runs the rule being written over sample text with the same engine the streams use, before it
 * is saved: every match is marked in the sample and listed with the rule that fired.
 */
class TestBench extends VerticalLayout {

    final TextArea sample = new TextArea("Sample text");
    private final HighlightedText preview = new HighlightedText();
    private final Div matches = new Div();
    private final Paragraph summary = new Paragraph();
    private final BiFunction<RuleDefinition, String, List<Violation>> tryOut;
    private @Nullable RuleDefinition rule;

    TestBench(BiFunction<RuleDefinition, String, List<Violation>> tryOut) {
        this.tryOut = tryOut;
        addClassName("test-bench");
        setPadding(false);
        sample.setPlaceholder("Paste an answer a model could give…");
        sample.setWidthFull();
        sample.setMinRows(4);
        sample.setMaxRows(8);
        sample.setValueChangeMode(ValueChangeMode.LAZY);
        sample.setValueChangeTimeout(250);
        sample.addValueChangeListener(e -> run());
        preview.addClassName("bench-preview");
        summary.addClassName("bench-summary");
        matches.addClassName("bench-matches");
        add(new H3("Test bench"), sample, summary, preview, matches);
        run();
    }

    /** The rule to try; null while the form holds a rule the engine refuses. */
    void setRule(@Nullable RuleDefinition draft) {
        this.rule = draft;
        run();
    }

    private void run() {
        matches.removeAll();
        String text = sample.getValue();
        if (rule == null) {
            summary.setText("Fix the rule to try it out.");
            preview.show(text, List.of());
            return;
        }
        if (text.isEmpty()) {
            summary.setText("Type or paste a sample to see what this rule matches.");
            preview.show(text, List.of());
            return;
        }
        List<Violation> found;
        try {
            found = tryOut.apply(rule, text);
        } catch (Refusal problem) {
            summary.setText(problem.detail());
            preview.show(text, List.of());
            return;
        }
        summary.setText(
                switch (found.size()) {
                    case 0 -> "No match: this rule lets the sample through.";
                    case 1 -> "1 match.";
                    default -> found.size() + " matches.";
                });
        preview.show(text, found);
        for (Violation violation : found) {
            Span at = new Span(violation.start() + "–" + violation.end());
            at.addClassName("bench-offset");
            Span excerpt = new Span(violation.excerpt());
            excerpt.addClassName("bench-excerpt");
            Div line = new Div(ActionBadge.of(violation.action()), new Span(violation.ruleName()), at, excerpt);
            line.addClassName("bench-match");
            matches.add(line);
        }
    }
}
