package io.streamguard.console.layout;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Text;
import com.vaadin.flow.component.html.Span;
import io.streamguard.api.verdict.Violation;
import io.streamguard.engine.rules.Action;
import java.util.List;
import org.junit.jupiter.api.Test;

class HighlightedTextTest {

    private final HighlightedText highlighted = new HighlightedText();

    @Test
    void eachViolationIsMarkedWithItsRuleAndTheRestStaysPlainText() {
        highlighted.show(
                "About project falcon: <b>now</b>",
                List.of(new Violation("r-1", "Codename", Action.BLOCK, 6, 20, "project falcon")));

        List<Component> parts = highlighted.getChildren().toList();
        assertThat(parts).hasSize(3);
        assertThat(((Text) parts.get(0)).getText()).isEqualTo("About ");
        Span mark = (Span) parts.get(1);
        assertThat(mark.getText()).isEqualTo("project falcon");
        assertThat(mark.getClassNames()).contains("match", "match-block");
        assertThat(mark.getElement().getAttribute("title")).isEqualTo("Codename (block)");
        assertThat(((Text) parts.get(2)).getText()).isEqualTo(": <b>now</b>");
    }

    @Test
    void markupInAMessageIsShownAsTextNeverRendered() {
        highlighted.show("<img src=x onerror=alert(1)>", List.of());

        assertThat(highlighted.getElement().getChildren()).allMatch(child -> child.isTextNode());
        assertThat(highlighted.getElement().getTextRecursively()).isEqualTo("<img src=x onerror=alert(1)>");
    }

    @Test
    void overlappingAndOutOfRangeViolationsAreMarkedOnceWithinTheText() {
        highlighted.show(
                "abcdefgh",
                List.of(
                        new Violation("r-1", "Long", Action.WARN, 1, 6, "bcdef"),
                        new Violation("r-2", "Inner", Action.BLOCK, 3, 5, "de"),
                        new Violation("r-3", "Tail", Action.BLOCK, 5, 40, "fgh")));

        List<String> marks = highlighted
                .getChildren()
                .filter(Span.class::isInstance)
                .map(c -> ((Span) c).getText())
                .toList();
        assertThat(marks).containsExactly("bcdef", "gh");
        assertThat(highlighted.getElement().getTextRecursively()).isEqualTo("abcdefgh");
    }

    @Test
    void surrogatePairsAreCountedInUtf16UnitsAsTheApiCountsThem() {
        String text = "😀 falcon";
        highlighted.show(text, List.of(new Violation("r-1", "Bird", Action.WARN, 3, 9, "falcon")));

        assertThat(highlighted.getChildren().filter(Span.class::isInstance).map(c -> ((Span) c).getText()))
                .containsExactly("falcon");
    }
}
