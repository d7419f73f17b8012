package io.streamguard.console.audit;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.badge.BadgeVariant;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteAlias;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.streamguard.api.audit.AuditAccessLog;
import io.streamguard.api.audit.AuditAccessLog.Access;
import io.streamguard.api.audit.AuditEntryView;
import io.streamguard.api.audit.AuditExport;
import io.streamguard.api.audit.AuditLog;
import io.streamguard.api.audit.AuditLog.ChainVerification;
import io.streamguard.api.audit.AuditQuery;
import io.streamguard.api.system.Refusal;
import io.streamguard.console.layout.ActionBadge;
import io.streamguard.console.layout.Feedback;
import io.streamguard.console.layout.MainLayout;
import io.streamguard.console.layout.Times;
import jakarta.annotation.security.RolesAllowed;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;

/**
 * Compliance search over the audit log: filters and full text, a grid that pages through the
 * cursor API as it scrolls, the selected message with its violations marked, CSV export of the
 * search, and (for admins) verification of the hash chain. Searches and reads are themselves audited.
 */
@Route(value = "audit", layout = MainLayout.class)
@RouteAlias(value = "", layout = MainLayout.class)
@PageTitle("Audit search · StreamGuard")
@RolesAllowed({"ADMIN", "COMPLIANCE"})
public class AuditSearchView extends VerticalLayout {

    private static final int PAGE = 100;

    private final AuditLog audit;
    private final AuditAccessLog access;
    private final AuditExport export;
    private final String reader;
    private final TextField text = new TextField();
    private final Select<AuditQuery.Sort> sort = new Select<>();
    private final DateTimePicker from = new DateTimePicker("From");
    private final DateTimePicker to = new DateTimePicker("To");
    private final TextField user = new TextField("User");
    private final TextField bot = new TextField("Bot");
    private final TextField rule = new TextField("Rule id");
    private final Select<String> action = new Select<>();
    private final Select<String> outcome = new Select<>();
    private final Grid<AuditEntryView> grid = new Grid<>();
    private final AuditDetail detail = new AuditDetail();
    private final Badge chain = new Badge();
    private Grid.Column<AuditEntryView> rulesColumn;
    private Grid.Column<AuditEntryView> messageColumn;
    private volatile AuditQuery current = AuditQuery.newest(PAGE);

    public AuditSearchView(
            AuditLog audit, AuditAccessLog access, AuditExport export, AuthenticationContext authentication) {
        this.audit = audit;
        this.access = access;
        this.export = export;
        this.reader = authentication.getPrincipalName().orElseThrow();
        addClassName("audit-view");
        setSizeFull();
        configureFilters();
        configureGrid();
        configureDetail();
        HorizontalLayout content = new HorizontalLayout(grid, detail);
        content.addClassName("audit-content");
        content.setWidthFull();
        content.setFlexGrow(1, grid);
        add(header(authentication.hasRole("ADMIN")), searchBar(), filterBar(), content);
        expand(content);
        search();
    }

    private void configureFilters() {
        text.setPlaceholder("Full text over the messages, e.g. \"project falcon\" -draft");
        text.setMinWidth("16em");
        text.setPrefixComponent(VaadinIcon.SEARCH.create());
        text.setClearButtonVisible(true);
        text.setAriaLabel("Full text");
        text.addClassName("audit-text");
        text.addValueChangeListener(e -> sort.setEnabled(!e.getValue().isBlank()));
        sort.setItems(AuditQuery.Sort.TIME, AuditQuery.Sort.RELEVANCE);
        sort.setItemLabelGenerator(s -> s == AuditQuery.Sort.TIME ? "Newest first" : "Most relevant first");
        sort.setValue(AuditQuery.Sort.TIME);
        sort.setEnabled(false);
        sort.setAriaLabel("Order");
        sort.setWidth("13em");
        action.setLabel("Action");
        action.setItems("allow", "warn", "block");
        action.setEmptySelectionAllowed(true);
        action.setEmptySelectionCaption("any");
        outcome.setLabel("Outcome");
        outcome.setItems("finished", "expired", "checked");
        outcome.setEmptySelectionAllowed(true);
        outcome.setEmptySelectionCaption("any");
        for (TextField field : new TextField[] {user, bot, rule}) {
            field.setClearButtonVisible(true);
            field.setWidth("10em");
        }
        from.setWidth("17em");
        to.setWidth("17em");
        action.setWidth("8em");
        outcome.setWidth("9em");
    }

    private HorizontalLayout header(boolean admin) {
        H2 title = new H2("Audit search");
        Anchor csv = new Anchor(csvDownload(), "");
        csv.addClassName("audit-export");
        csv.add(new Button("Export CSV", VaadinIcon.DOWNLOAD_ALT.create()));
        HorizontalLayout header = new HorizontalLayout(title);
        header.setWidthFull();
        header.setAlignItems(FlexComponent.Alignment.CENTER);
        header.expand(title);
        if (admin) {
            Button verify = new Button("Verify chain", VaadinIcon.LINK.create(), click -> verify());
            verify.addClassName("audit-verify");
            chain.addClassName("chain-status");
            chain.setVisible(false);
            header.add(chain, verify);
        }
        header.add(csv);
        return header;
    }

    private HorizontalLayout searchBar() {
        Button search = new Button("Search", click -> search());
        search.addThemeVariants(ButtonVariant.PRIMARY);
        search.addClassName("audit-search");
        search.addClickShortcut(Key.ENTER);
        Button clear = new Button("Clear", click -> clear());
        clear.addThemeVariants(ButtonVariant.TERTIARY);
        HorizontalLayout bar = new HorizontalLayout(text, sort, action, outcome, search, clear);
        bar.setWidthFull();
        bar.setAlignItems(FlexComponent.Alignment.BASELINE);
        bar.expand(text);
        return bar;
    }

    private HorizontalLayout filterBar() {
        HorizontalLayout bar = new HorizontalLayout(from, to, user, bot, rule);
        bar.addClassName("audit-filters");
        bar.setWrap(true);
        bar.setAlignItems(FlexComponent.Alignment.BASELINE);
        return bar;
    }

    private void configureGrid() {
        grid.addClassName("audit-grid");
        grid.setHeightFull();
        grid.addThemeVariants(GridVariant.ROW_STRIPES);
        grid.setPageSize(PAGE);
        grid.addColumn(e -> Times.format(e.finishedAt()))
                .setHeader("Finished")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(e -> e.context().userId())
                .setHeader("User")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(e -> e.context().botId())
                .setHeader("Bot")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(new ComponentRenderer<>(e -> ActionBadge.of(e.action())))
                .setHeader("Action")
                .setWidth("7em")
                .setFlexGrow(0);
        grid.addColumn(AuditEntryView::outcome)
                .setHeader("Outcome")
                .setAutoWidth(true)
                .setFlexGrow(0);
        rulesColumn = grid.addColumn(e -> String.join(", ", e.firedRuleIds()))
                .setHeader("Rules")
                .setAutoWidth(true)
                .setFlexGrow(0);
        messageColumn = grid.addColumn(e -> abbreviate(e.content()))
                .setHeader("Message")
                .setFlexGrow(1);
        grid.asSingleSelect().addValueChangeListener(e -> open(e.getValue()));
    }

    private void configureDetail() {
        detail.setVisible(false);
        detail.addCloseListener(e -> grid.asSingleSelect().clear());
    }

    private void search() {
        AuditQuery query;
        try {
            query = new AuditQuery(
                    instant(from.getValue()),
                    instant(to.getValue()),
                    blankToNull(user),
                    blankToNull(bot),
                    action.getValue(),
                    blankToNull(rule),
                    outcome.getValue(),
                    text.getValue(),
                    text.getValue().isBlank() ? AuditQuery.Sort.TIME : sort.getValue(),
                    PAGE,
                    null);
        } catch (Refusal problem) {
            Feedback.refused(problem);
            return;
        }
        current = query;
        access.record(reader, Access.SEARCH, query.describe());
        CursorPages pages = new CursorPages(query, audit::search);
        grid.setItems(fetch -> pages.fetch(fetch.getOffset(), fetch.getLimit()).stream());
    }

    private void clear() {
        text.clear();
        from.clear();
        to.clear();
        user.clear();
        bot.clear();
        rule.clear();
        action.clear();
        outcome.clear();
        search();
    }

    private void open(@Nullable AuditEntryView entry) {
        detail.setVisible(entry != null);
        rulesColumn.setVisible(entry == null);
        messageColumn.setVisible(entry == null);
        if (entry != null) {
            access.record(reader, Access.READ, entry.auditId().toString());
            detail.show(entry);
        }
    }

    private void verify() {
        access.record(reader, Access.VERIFY, "chain");
        ChainVerification result = audit.verify();
        chain.removeThemeVariants(BadgeVariant.SUCCESS, BadgeVariant.ERROR);
        if (result.ok()) {
            chain.setText(
                    "Chain intact: " + result.checked() + (result.checked() == 1 ? " entry" : " entries") + " checked");
            chain.addThemeVariants(BadgeVariant.SUCCESS);
        } else {
            chain.setText("Chain broken at row " + result.firstBrokenSequence() + " (" + result.firstBrokenAuditId()
                    + ") after " + result.checked() + " intact entries: " + result.detail());
            chain.addThemeVariants(BadgeVariant.ERROR);
        }
        chain.setVisible(true);
    }

    /** The CSV of the last search run, written as it is read; the export records itself in the access log. */
    private DownloadHandler csvDownload() {
        return event -> {
            event.setFileName("audit-" + Instant.now().getEpochSecond() + ".csv");
            event.setContentType("text/csv; charset=utf-8");
            try (Writer out = new OutputStreamWriter(event.getOutputStream(), StandardCharsets.UTF_8)) {
                export.writeCsv(current, reader, out);
            }
        };
    }

    private static @Nullable Instant instant(@Nullable LocalDateTime local) {
        return local == null ? null : local.atZone(ZoneId.systemDefault()).toInstant();
    }

    private static @Nullable String blankToNull(TextField field) {
        return field.getValue().isBlank() ? null : field.getValue().strip();
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= 160 ? oneLine : oneLine.substring(0, 159) + "…";
    }
}
