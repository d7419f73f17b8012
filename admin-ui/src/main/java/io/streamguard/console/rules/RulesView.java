package io.streamguard.console.rules;

import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.badge.BadgeVariant;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.grid.dataview.GridListDataView;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.streamguard.api.rules.RuleDefinition;
import io.streamguard.api.rules.RuleService;
import io.streamguard.api.rules.RuleView;
import io.streamguard.api.system.Refusal;
import io.streamguard.console.layout.ActionBadge;
import io.streamguard.console.layout.Feedback;
import io.streamguard.console.layout.MainLayout;
import io.streamguard.console.layout.Times;
import jakarta.annotation.security.RolesAllowed;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The rules: a filterable list, and an editor that validates as the author types, with a test
 * bench beside it that runs the draft over sample text before it is saved.
 */
@Route(value = "rules", layout = MainLayout.class)
@PageTitle("Rules · StreamGuard")
@RolesAllowed("ADMIN")
public class RulesView extends VerticalLayout {

    private final RuleService rules;
    private final String author;
    private final Grid<RuleView> grid = new Grid<>();
    private final TextField filterText = new TextField();
    private final Select<String> filterKind = new Select<>();
    private final RuleForm form;
    private final TestBench bench;
    private final HorizontalLayout editor;
    private GridListDataView<RuleView> rows;

    public RulesView(RuleService rules, AuthenticationContext authentication) {
        this.rules = rules;
        this.author = authentication.getPrincipalName().orElseThrow();
        this.form = new RuleForm(rules::problems);
        this.bench = new TestBench(rules::tryOut);
        this.editor = new HorizontalLayout(form, bench);
        addClassName("rules-view");
        setSizeFull();
        configureGrid();
        configureEditor();
        add(new H2("Rules"), toolbar(), grid, editor);
        refresh();
        closeEditor();
    }

    private void configureGrid() {
        grid.addClassName("rules-grid");
        grid.setWidthFull();
        expand(grid);
        grid.addThemeVariants(GridVariant.ROW_STRIPES);
        grid.addColumn(RuleView::name).setHeader("Name").setSortable(true).setFlexGrow(2);
        grid.addColumn(r -> RuleForm.KINDS.getOrDefault(r.kind(), r.kind()))
                .setHeader("Kind")
                .setSortable(true)
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(new ComponentRenderer<>(r -> ActionBadge.of(r.action())))
                .setHeader("Action")
                .setWidth("7em")
                .setFlexGrow(0);
        grid.addColumn(r -> r.clientSide() ? "yes" : "no")
                .setHeader("Client-side")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(new ComponentRenderer<>(RulesView::enabledBadge))
                .setHeader("Enabled")
                .setWidth("8em")
                .setFlexGrow(0);
        grid.addColumn(r -> Times.format(r.updatedAt()) + " by " + r.updatedBy())
                .setHeader("Last changed")
                .setSortable(true)
                .setComparator(RuleView::updatedAt)
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.asSingleSelect().addValueChangeListener(e -> {
            if (e.getValue() != null) {
                openEditor(e.getValue());
            }
        });
    }

    private static Badge enabledBadge(RuleView rule) {
        Badge badge = new Badge(rule.enabled() ? "enabled" : "disabled");
        badge.addThemeVariants(rule.enabled() ? BadgeVariant.SUCCESS : BadgeVariant.CONTRAST);
        return badge;
    }

    private HorizontalLayout toolbar() {
        filterText.setPlaceholder("Filter by name, pattern or keyword");
        filterText.setPrefixComponent(VaadinIcon.SEARCH.create());
        filterText.setClearButtonVisible(true);
        filterText.setWidth("22em");
        filterText.setValueChangeMode(ValueChangeMode.LAZY);
        filterText.addValueChangeListener(e -> rows.refreshAll());
        filterKind.setEmptySelectionAllowed(true);
        filterKind.setEmptySelectionCaption("All kinds");
        filterKind.setItems(RuleForm.KINDS.keySet().stream().sorted().toList());
        filterKind.setItemLabelGenerator(k -> k == null ? "All kinds" : RuleForm.KINDS.get(k));
        filterKind.addValueChangeListener(e -> rows.refreshAll());
        Button create = new Button("New rule", VaadinIcon.PLUS.create(), click -> openEditor(null));
        create.addThemeVariants(ButtonVariant.PRIMARY);
        create.addClassName("new-rule");
        Button importRules = new Button("Import gitleaks…", VaadinIcon.UPLOAD.create(), click -> openImport());
        HorizontalLayout toolbar = new HorizontalLayout(filterText, filterKind, create, importRules);
        toolbar.setAlignItems(FlexComponent.Alignment.BASELINE);
        return toolbar;
    }

    private void configureEditor() {
        editor.addClassName("rule-editor");
        editor.setWidthFull();
        editor.setFlexGrow(3, form);
        editor.setFlexGrow(2, bench);
        form.addDraftListener(e -> bench.setRule(e.rule()));
        form.addSaveListener(e -> save(e.rule()));
        form.addToggleListener(e -> run(() -> {
            RuleView changed = rules.setEnabled(e.rule().id(), e.enable(), author);
            Feedback.done(changed.name() + (changed.enabled() ? " is enabled." : " is disabled."));
            refreshAndEdit(changed);
        }));
        form.addDeleteListener(e -> confirmDelete(e.rule()));
        form.addHistoryListener(e -> run(() ->
                new RuleHistoryDialog(e.rule().name(), rules.history(e.rule().id())).open()));
        form.addCloseListener(e -> closeEditor());
    }

    private void save(RuleDefinition definition) {
        run(() -> {
            RuleView saved = definition.id() == null
                    ? rules.create(definition, author)
                    : rules.update(definition.id(), definition, author);
            Feedback.done(saved.name() + " is saved; new streams check it from now on.");
            refreshAndEdit(saved);
        });
    }

    private void confirmDelete(RuleView rule) {
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setHeader("Delete " + rule.name() + "?");
        confirm.setText("New streams no longer check it; streams that started already keep it until they end. "
                + "Its history stays.");
        confirm.setCancelable(true);
        confirm.setConfirmText("Delete");
        confirm.setConfirmButtonTheme("error primary");
        confirm.addConfirmListener(e -> run(() -> {
            rules.delete(rule.id(), author);
            Feedback.done(rule.name() + " is deleted.");
            refresh();
            closeEditor();
        }));
        confirm.open();
    }

    private void openImport() {
        GitleaksImportDialog dialog =
                new GitleaksImportDialog((toml, action) -> rules.importGitleaks(toml, action, author));
        dialog.addImportedListener(e -> refresh());
        dialog.open();
    }

    private void openEditor(@Nullable RuleView rule) {
        form.edit(rule);
        editor.setVisible(true);
        addClassName("editing");
    }

    private void closeEditor() {
        grid.asSingleSelect().clear();
        editor.setVisible(false);
        removeClassName("editing");
    }

    private void refreshAndEdit(RuleView rule) {
        refresh();
        grid.select(rows.getItems()
                .filter(r -> r.id().equals(rule.id()))
                .findFirst()
                .orElse(rule));
        form.edit(rule);
    }

    private void refresh() {
        rows = grid.setItems(rules.list());
        rows.setIdentifierProvider(RuleView::id);
        rows.setFilter(this::matchesFilter);
    }

    private boolean matchesFilter(RuleView rule) {
        String text = filterText.getValue().strip().toLowerCase(Locale.ROOT);
        boolean textMatches = text.isEmpty()
                || rule.name().toLowerCase(Locale.ROOT).contains(text)
                || (rule.pattern() != null
                        && rule.pattern().toLowerCase(Locale.ROOT).contains(text))
                || rule.keywords().stream()
                        .anyMatch(k -> k.toLowerCase(Locale.ROOT).contains(text));
        return textMatches
                && (filterKind.getValue() == null || filterKind.getValue().equals(rule.kind()));
    }

    private static void run(Runnable action) {
        try {
            action.run();
        } catch (Refusal problem) {
            Feedback.refused(problem);
        }
    }
}
