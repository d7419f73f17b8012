package io.streamguard.console.rules;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.shared.Registration;
import io.streamguard.api.rules.RuleDefinition;
import io.streamguard.api.rules.RuleView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Creates or edits one rule. Every keystroke re-validates the draft with the engine's validator
 * and shows its sentences inline; Save is enabled only for a rule the engine accepts. The form
 * knows no service: it says what happened through typed events.
 */
class RuleForm extends VerticalLayout {

    static final Map<String, String> KINDS = Map.of(
            "keyword",
            "Keyword list",
            "regex",
            "Regular expression",
            "credit_card",
            "Credit card number",
            "iban",
            "IBAN",
            "secret",
            "Secret near a keyword");

    final TextField name = new TextField("Name");
    final Select<String> kind = new Select<>();
    final Select<String> action = new Select<>();
    final TextArea keywords = new TextArea("Keywords, one per line");
    final TextField pattern = new TextField("Pattern");
    final TextField flags = new TextField("Flags");
    final Checkbox caseSensitive = new Checkbox("Case-sensitive");
    final Checkbox wholeWord = new Checkbox("Whole words only");
    final Checkbox clientSide = new Checkbox("Client-side too");
    final Checkbox enabled = new Checkbox("Enabled");
    final TextArea description = new TextArea("Description");
    final Button save = new Button("Save");
    final Button toggle = new Button("Disable");
    final Button delete = new Button("Delete");
    final Button history = new Button("History");
    final Button close = new Button("Close");

    private final H3 heading = new H3("New rule");
    private final Div problems = new Div();
    private final Function<RuleDefinition, List<String>> validator;
    private @Nullable RuleView editing;

    RuleForm(Function<RuleDefinition, List<String>> validator) {
        this.validator = validator;
        addClassName("rule-form");
        setPadding(false);
        configureFields();
        configureButtons();
        problems.addClassName("rule-problems");
        add(header(), problems, fields());
        edit(null);
    }

    /** Shows the rule for editing, or an empty form for a new one. */
    void edit(@Nullable RuleView rule) {
        editing = rule;
        heading.setText(rule == null ? "New rule" : rule.name());
        name.setValue(rule == null ? "" : rule.name());
        kind.setValue(rule == null ? "keyword" : rule.kind());
        action.setValue(rule == null ? "block" : rule.action());
        keywords.setValue(rule == null ? "" : String.join("\n", rule.keywords()));
        pattern.setValue(rule == null || rule.pattern() == null ? "" : rule.pattern());
        flags.setValue(rule == null ? "" : rule.flags());
        caseSensitive.setValue(rule != null && rule.caseSensitive());
        wholeWord.setValue(rule == null || rule.wholeWord());
        clientSide.setValue(rule != null && rule.clientSide());
        enabled.setValue(rule == null || rule.enabled());
        description.setValue(rule == null ? "" : rule.description());
        toggle.setText(rule != null && !rule.enabled() ? "Enable" : "Disable");
        toggle.setVisible(rule != null);
        delete.setVisible(rule != null);
        history.setVisible(rule != null);
        draftChanged();
    }

    /** The rule as the form holds it now. */
    RuleDefinition draft() {
        String currentKind = kind.getValue() == null ? "keyword" : kind.getValue();
        boolean regex = currentKind.equals("regex");
        boolean listed = currentKind.equals("keyword") || currentKind.equals("secret");
        return new RuleDefinition(
                editing == null ? null : editing.id(),
                name.getValue().strip(),
                currentKind,
                regex ? pattern.getValue() : null,
                regex ? flags.getValue().strip() : "",
                listed ? lines(keywords.getValue()) : List.of(),
                currentKind.equals("keyword") ? caseSensitive.getValue() : null,
                currentKind.equals("keyword") ? wholeWord.getValue() : null,
                action.getValue() == null ? "block" : action.getValue(),
                (regex || currentKind.equals("keyword")) && clientSide.getValue(),
                enabled.getValue(),
                description.getValue().strip());
    }

    /** What keeps the draft from being saved, in the engine's words; empty when it may be saved. */
    List<String> problems() {
        RuleDefinition draft = draft();
        List<String> found = new ArrayList<>();
        if (draft.name().isEmpty()) {
            found.add("the name is empty: give the rule a name");
        }
        found.addAll(validator.apply(draft));
        return found;
    }

    private void configureFields() {
        name.setRequiredIndicatorVisible(true);
        kind.setLabel("Kind");
        kind.setItems("keyword", "regex", "credit_card", "iban", "secret");
        kind.setItemLabelGenerator(KINDS::get);
        action.setLabel("Action");
        action.setItems("warn", "block");
        action.setItemLabelGenerator(a -> a.equals("block") ? "Block the answer" : "Warn the user");
        pattern.setPlaceholder("AKIA[0-9A-Z]{16}");
        flags.setPlaceholder("i, s");
        flags.setMaxLength(10);
        keywords.setMinRows(2);
        keywords.setMaxRows(5);
        description.setMaxRows(3);
        clientSide.setTooltipText("Sent to the browser plugin too, which checks it before the text leaves the page");
        name.setValueChangeMode(ValueChangeMode.EAGER);
        pattern.setValueChangeMode(ValueChangeMode.EAGER);
        flags.setValueChangeMode(ValueChangeMode.EAGER);
        keywords.setValueChangeMode(ValueChangeMode.EAGER);
        name.addValueChangeListener(e -> draftChanged());
        kind.addValueChangeListener(e -> draftChanged());
        action.addValueChangeListener(e -> draftChanged());
        keywords.addValueChangeListener(e -> draftChanged());
        pattern.addValueChangeListener(e -> draftChanged());
        flags.addValueChangeListener(e -> draftChanged());
        caseSensitive.addValueChangeListener(e -> draftChanged());
        wholeWord.addValueChangeListener(e -> draftChanged());
        clientSide.addValueChangeListener(e -> draftChanged());
    }

    private FormLayout fields() {
        FormLayout form = new FormLayout();
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1), new FormLayout.ResponsiveStep("420px", 2));
        form.add(name, 2);
        form.add(kind, action);
        form.add(keywords, 2);
        form.add(pattern, flags);
        HorizontalLayout options = new HorizontalLayout(caseSensitive, wholeWord, clientSide, enabled);
        options.setWrap(true);
        options.addClassName("rule-options");
        form.add(options, 2);
        form.add(description, 2);
        return form;
    }

    private void configureButtons() {
        save.addThemeVariants(ButtonVariant.PRIMARY);
        save.addClickShortcut(Key.ENTER).listenOn(name, pattern, flags);
        save.addClickListener(click -> {
            if (problems().isEmpty()) {
                fireEvent(new SaveEvent(this, draft()));
            }
        });
        toggle.addClickListener(
                click -> fireEvent(new ToggleEvent(this, current(), !current().enabled())));
        delete.addThemeVariants(ButtonVariant.ERROR);
        delete.addClickListener(click -> fireEvent(new DeleteEvent(this, current())));
        history.setIcon(VaadinIcon.TIME_BACKWARD.create());
        history.addClickListener(click -> fireEvent(new HistoryEvent(this, current())));
        close.addThemeVariants(ButtonVariant.TERTIARY);
        close.addClickListener(click -> fireEvent(new CloseEvent(this)));
    }

    private HorizontalLayout header() {
        HorizontalLayout header = new HorizontalLayout(heading, save, toggle, history, delete, close);
        header.addClassName("rule-form-header");
        header.setWidthFull();
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.expand(heading);
        return header;
    }

    private RuleView current() {
        if (editing == null) {
            throw new IllegalStateException("no saved rule is being edited");
        }
        return editing;
    }

    private void draftChanged() {
        String currentKind = kind.getValue() == null ? "keyword" : kind.getValue();
        boolean regex = currentKind.equals("regex");
        pattern.setVisible(regex);
        flags.setVisible(regex);
        keywords.setVisible(currentKind.equals("keyword") || currentKind.equals("secret"));
        keywords.setLabel(
                currentKind.equals("secret")
                        ? "Near keywords, one per line (empty: the defaults)"
                        : "Keywords, one per line");
        caseSensitive.setVisible(currentKind.equals("keyword"));
        wholeWord.setVisible(currentKind.equals("keyword"));
        clientSide.setVisible(regex || currentKind.equals("keyword"));
        List<String> found = problems();
        showProblems(found);
        save.setEnabled(found.isEmpty());
        fireEvent(new DraftEvent(this, found.isEmpty() ? draft() : null));
    }

    private void showProblems(List<String> found) {
        problems.removeAll();
        problems.getElement().setAttribute("role", "status");
        if (found.isEmpty()) {
            problems.setClassName("rule-problems");
            problems.add(VaadinIcon.CHECK_CIRCLE.create(), new Span("The engine accepts this rule."));
            problems.addClassName("rule-ok");
            return;
        }
        problems.setClassName("rule-problems");
        problems.addClassName("rule-invalid");
        UnorderedList list = new UnorderedList();
        found.forEach(problem -> list.add(new ListItem(sentence(problem))));
        problems.add(list);
    }

    private static String sentence(String problem) {
        String capitalized =
                problem.isEmpty() ? problem : Character.toUpperCase(problem.charAt(0)) + problem.substring(1);
        return capitalized.endsWith(".") ? capitalized : capitalized + ".";
    }

    private static List<String> lines(String text) {
        return Arrays.stream(text.split("\\R"))
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .toList();
    }

    Registration addSaveListener(ComponentEventListener<SaveEvent> listener) {
        return addListener(SaveEvent.class, listener);
    }

    Registration addDeleteListener(ComponentEventListener<DeleteEvent> listener) {
        return addListener(DeleteEvent.class, listener);
    }

    Registration addToggleListener(ComponentEventListener<ToggleEvent> listener) {
        return addListener(ToggleEvent.class, listener);
    }

    Registration addHistoryListener(ComponentEventListener<HistoryEvent> listener) {
        return addListener(HistoryEvent.class, listener);
    }

    Registration addCloseListener(ComponentEventListener<CloseEvent> listener) {
        return addListener(CloseEvent.class, listener);
    }

    Registration addDraftListener(ComponentEventListener<DraftEvent> listener) {
        return addListener(DraftEvent.class, listener);
    }

    /** The author asks to save a rule the engine accepts. */
    static final class SaveEvent extends ComponentEvent<RuleForm> {

        private final RuleDefinition rule;

        SaveEvent(RuleForm source, RuleDefinition rule) {
            super(source, false);
            this.rule = rule;
        }

        RuleDefinition rule() {
            return rule;
        }
    }

    static final class DeleteEvent extends ComponentEvent<RuleForm> {

        private final RuleView rule;

        DeleteEvent(RuleForm source, RuleView rule) {
            super(source, false);
            this.rule = rule;
        }

        RuleView rule() {
            return rule;
        }
    }

    static final class ToggleEvent extends ComponentEvent<RuleForm> {

        private final RuleView rule;
        private final boolean enable;

        ToggleEvent(RuleForm source, RuleView rule, boolean enable) {
            super(source, false);
            this.rule = rule;
            this.enable = enable;
        }

        RuleView rule() {
            return rule;
        }

        boolean enable() {
            return enable;
        }
    }

    static final class HistoryEvent extends ComponentEvent<RuleForm> {

        private final RuleView rule;

        HistoryEvent(RuleForm source, RuleView rule) {
            super(source, false);
            this.rule = rule;
        }

        RuleView rule() {
            return rule;
        }
    }

    static final class CloseEvent extends ComponentEvent<RuleForm> {

        CloseEvent(RuleForm source) {
            super(source, false);
        }
    }

    /** The draft changed; {@code rule} is the draft if the engine accepts it, else null. */
    static final class DraftEvent extends ComponentEvent<RuleForm> {

        private final @Nullable RuleDefinition rule;

        DraftEvent(RuleForm source, @Nullable RuleDefinition rule) {
            super(source, false);
            this.rule = rule;
        }

        @Nullable
        RuleDefinition rule() {
            return rule;
        }
    }
}
