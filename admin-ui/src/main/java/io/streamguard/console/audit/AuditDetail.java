package io.streamguard.console.audit;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.shared.Registration;
import io.streamguard.api.audit.AuditEntryView;
import io.streamguard.api.verdict.Violation;
import io.streamguard.console.layout.ActionBadge;
import io.streamguard.console.layout.HighlightedText;
import io.streamguard.console.layout.Times;

/** One audit entry: its context, the whole message with the violations marked, and the violations. */
class AuditDetail extends VerticalLayout {

    private final H3 title = new H3();
    private final Div facts = new Div();
    private final HighlightedText message = new HighlightedText();
    private final Grid<Violation> violations = new Grid<>();

    AuditDetail() {
        addClassName("audit-detail");
        Button close = new Button(VaadinIcon.CLOSE_SMALL.create(), click -> fireEvent(new CloseEvent(this)));
        close.addThemeVariants(ButtonVariant.TERTIARY);
        close.setAriaLabel("Close the entry");
        HorizontalLayout header = new HorizontalLayout(title, close);
        header.setWidthFull();
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.expand(title);
        facts.addClassName("audit-facts");
        message.addClassName("audit-message");
        violations.addClassName("audit-violations");
        violations.addThemeVariants(GridVariant.ROW_STRIPES, GridVariant.WRAP_CELL_CONTENT);
        violations.addColumn(Violation::ruleName).setHeader("Rule").setFlexGrow(1);
        violations
                .addColumn(Violation::ruleId)
                .setHeader("Rule id")
                .setAutoWidth(true)
                .setFlexGrow(0);
        violations
                .addColumn(new ComponentRenderer<>(v -> ActionBadge.of(v.action())))
                .setHeader("Action")
                .setWidth("7em")
                .setFlexGrow(0);
        violations
                .addColumn(v -> v.start() + "–" + v.end())
                .setHeader("At")
                .setAutoWidth(true)
                .setFlexGrow(0);
        violations.setAllRowsVisible(true);
        add(header, facts, new H4("Message"), message, new H4("Violations"), violations);
    }

    void show(AuditEntryView entry) {
        title.setText("Message of " + Times.format(entry.finishedAt()));
        facts.removeAll();
        facts.add(
                fact("Action", ActionBadge.of(entry.action())),
                fact("Outcome", text(entry.outcome())),
                fact("User", text(entry.context().userId())),
                fact("Bot", text(entry.context().botId())),
                fact("Session", text(entry.context().sessionId())),
                fact("Started", text(Times.format(entry.startedAt()))),
                fact("Updates", text(Integer.toString(entry.updateCount()))),
                fact("Rule set", text("version " + entry.ruleSetVersion())),
                fact("Audit id", text(entry.auditId().toString())),
                fact("Client", text(entry.clientId().toString())));
        message.show(entry.content(), entry.violations());
        violations.setItems(entry.violations());
        violations.setVisible(!entry.violations().isEmpty());
    }

    private static Span text(String value) {
        return new Span(value);
    }

    private static Div fact(String label, Component value) {
        Span caption = new Span(label);
        caption.addClassName("fact-label");
        Div fact = new Div(caption, value);
        fact.addClassName("fact");
        return fact;
    }

    Registration addCloseListener(ComponentEventListener<CloseEvent> listener) {
        return addListener(CloseEvent.class, listener);
    }

    static final class CloseEvent extends ComponentEvent<AuditDetail> {

        CloseEvent(AuditDetail source) {
            super(source, false);
        }
    }
}
