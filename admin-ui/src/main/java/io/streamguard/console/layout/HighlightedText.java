package io.streamguard.console.layout;

import com.vaadin.flow.component.Text;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import io.streamguard.api.verdict.Violation;
import java.util.Comparator;
import java.util.List;

/**
 * A message with the spans its violations cover marked, each mark titled with the rule that fired.
 * The text goes into text nodes only, never into HTML, so whatever a message holds is shown as
 * written. Offsets are UTF-16 units, end exclusive; overlapping matches are marked once, by the
 * first that starts.
 */
public class HighlightedText extends Div {

    public HighlightedText() {
        addClassName("highlighted-text");
    }

    public void show(String text, List<Violation> violations) {
        removeAll();
        List<Violation> ordered = violations.stream()
                .sorted(Comparator.comparingInt(Violation::start).thenComparingInt(v -> -v.end()))
                .toList();
        int shown = 0;
        for (Violation violation : ordered) {
            int start = Math.clamp(violation.start(), shown, text.length());
            int end = Math.clamp(violation.end(), start, text.length());
            if (end == start) {
                continue;
            }
            if (start > shown) {
                add(new Text(text.substring(shown, start)));
            }
            add(mark(text.substring(start, end), violation));
            shown = end;
        }
        if (shown < text.length()) {
            add(new Text(text.substring(shown)));
        }
    }

    private static Span mark(String covered, Violation violation) {
        Span mark = new Span(covered);
        mark.addClassNames("match", "match-" + violation.action().wireName());
        mark.getElement()
                .setAttribute(
                        "title",
                        violation.ruleName() + " (" + violation.action().wireName() + ")");
        mark.getElement().setAttribute("data-rule", violation.ruleName());
        return mark;
    }
}
