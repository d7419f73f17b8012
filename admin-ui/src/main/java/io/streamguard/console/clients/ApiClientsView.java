package io.streamguard.console.clients;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.badge.BadgeVariant;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.streamguard.api.clients.ApiClientService;
import io.streamguard.api.clients.ApiClientService.ApiClientSummary;
import io.streamguard.api.clients.ApiClientService.CreatedApiClient;
import io.streamguard.api.system.Refusal;
import io.streamguard.console.layout.Feedback;
import io.streamguard.console.layout.MainLayout;
import io.streamguard.console.layout.Times;
import jakarta.annotation.security.RolesAllowed;

/** The plugin's API clients: create one (its key is shown once), list them, revoke one at once everywhere. */
@Route(value = "api-clients", layout = MainLayout.class)
@PageTitle("API clients · StreamGuard")
@RolesAllowed("ADMIN")
public class ApiClientsView extends VerticalLayout {

    private final ApiClientService clients;
    private final String admin;
    private final TextField name = new TextField();
    private final Grid<ApiClientSummary> grid = new Grid<>();

    public ApiClientsView(ApiClientService clients, AuthenticationContext authentication) {
        this.clients = clients;
        this.admin = authentication.getPrincipalName().orElseThrow();
        addClassName("clients-view");
        setSizeFull();
        configureGrid();
        add(new H2("API clients"), toolbar(), grid);
        expand(grid);
        refresh();
    }

    private HorizontalLayout toolbar() {
        name.setPlaceholder("Name, e.g. Browser plugin, sales team");
        name.setAriaLabel("Name of the new API client");
        name.setWidth("24em");
        name.setMaxLength(200);
        name.addClassName("client-name");
        Button create = new Button("Create API client", VaadinIcon.PLUS.create(), click -> create());
        create.addThemeVariants(ButtonVariant.PRIMARY);
        create.addClassName("create-client");
        create.addClickShortcut(Key.ENTER).listenOn(name);
        HorizontalLayout toolbar = new HorizontalLayout(name, create);
        toolbar.setAlignItems(FlexComponent.Alignment.BASELINE);
        return toolbar;
    }

    private void configureGrid() {
        grid.addClassName("clients-grid");
        grid.setWidthFull();
        grid.addThemeVariants(GridVariant.ROW_STRIPES);
        grid.addColumn(ApiClientSummary::name)
                .setHeader("Name")
                .setWidth("10em")
                .setFlexGrow(1);
        grid.addColumn(c -> c.keyPrefix() + "…")
                .setHeader("Key")
                .setWidth("9em")
                .setFlexGrow(0);
        grid.addColumn(c -> c.clientId().toString())
                .setHeader("Client id")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(c -> Times.format(c.createdAt()) + " by " + c.createdBy())
                .setHeader("Created")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(new ComponentRenderer<>(ApiClientsView::status))
                .setHeader("Status")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(new ComponentRenderer<>(this::revokeButton))
                .setWidth("7em")
                .setFlexGrow(0);
    }

    private static Component status(ApiClientSummary client) {
        if (client.revokedAt() == null) {
            Badge active = new Badge("active");
            active.addThemeVariants(BadgeVariant.SUCCESS);
            return active;
        }
        Badge revoked = new Badge("revoked " + Times.format(client.revokedAt()));
        revoked.addThemeVariants(BadgeVariant.CONTRAST);
        return revoked;
    }

    private Component revokeButton(ApiClientSummary client) {
        if (client.revokedAt() != null) {
            return new Span();
        }
        Button revoke = new Button("Revoke", click -> confirmRevoke(client));
        revoke.addThemeVariants(ButtonVariant.ERROR, ButtonVariant.TERTIARY, ButtonVariant.SMALL);
        return revoke;
    }

    private void create() {
        if (name.getValue().isBlank()) {
            name.setErrorMessage("Give the client a name, so you know later whose key it is.");
            name.setInvalid(true);
            return;
        }
        name.setInvalid(false);
        try {
            CreatedApiClient created = clients.create(name.getValue().strip(), admin);
            name.clear();
            refresh();
            new NewKeyDialog(created).open();
        } catch (Refusal problem) {
            Feedback.refused(problem);
        }
    }

    private void confirmRevoke(ApiClientSummary client) {
        ConfirmDialog confirm = new ConfirmDialog();
        confirm.setHeader("Revoke " + client.name() + "?");
        confirm.setText("Its key stops working on every node at once; plugins that use it get 401 from now on. "
                + "This cannot be undone.");
        confirm.setCancelable(true);
        confirm.setConfirmText("Revoke");
        confirm.setConfirmButtonTheme("error primary");
        confirm.addConfirmListener(e -> {
            try {
                clients.revoke(client.clientId());
                Feedback.done(client.name() + " is revoked.");
                refresh();
            } catch (Refusal problem) {
                Feedback.refused(problem);
            }
        });
        confirm.open();
    }

    private void refresh() {
        grid.setItems(clients.list());
    }
}
