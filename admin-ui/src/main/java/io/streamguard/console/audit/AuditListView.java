package io.streamguard.console.audit;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteAlias;
import io.streamguard.api.audit.AuditEntryView;
import io.streamguard.api.audit.AuditLog;
import io.streamguard.console.layout.MainLayout;
import jakarta.annotation.security.RolesAllowed;

/** The audit log, newest first, loaded page by page as the grid scrolls. */
@Route(value = "audit", layout = MainLayout.class)
@RouteAlias(value = "", layout = MainLayout.class)
@PageTitle("Audit log · StreamGuard")
@RolesAllowed({"ADMIN", "COMPLIANCE"})
public class AuditListView extends VerticalLayout {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private final AuditLog audit;
    private final Grid<AuditEntryView> grid = new Grid<>();

    public AuditListView(AuditLog audit) {
        this.audit = audit;
        setSizeFull();
        configureGrid();
        add(new H2("Audit log"), grid);
    }

    private void configureGrid() {
        grid.addClassName("audit-grid");
        grid.setSizeFull();
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(e -> TIME.format(e.finishedAt())).setHeader("Finished").setAutoWidth(true);
        grid.addColumn(e -> e.context().userId()).setHeader("User").setAutoWidth(true);
        grid.addColumn(e -> e.context().botId()).setHeader("Bot").setAutoWidth(true);
        grid.addColumn(AuditEntryView::action).setHeader("Action").setAutoWidth(true);
        grid.addColumn(AuditEntryView::outcome).setHeader("Outcome").setAutoWidth(true);
        grid.addColumn(e -> String.join(", ", e.firedRuleIds())).setHeader("Rules").setAutoWidth(true);
        grid.addColumn(e -> abbreviate(e.content())).setHeader("Message").setFlexGrow(1);
        grid.setItems(query -> audit.page(query.getOffset(), query.getLimit()).stream(),
                query -> (int) Math.min(Integer.MAX_VALUE, audit.count()));
    }

    private static String abbreviate(String text) {
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 119) + "…";
    }
}
