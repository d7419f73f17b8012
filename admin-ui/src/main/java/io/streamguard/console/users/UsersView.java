package io.streamguard.console.users;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.badge.BadgeVariant;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.streamguard.api.system.Refusal;
import io.streamguard.api.users.Role;
import io.streamguard.api.users.UserAccounts;
import io.streamguard.api.users.UserAccounts.UserView;
import io.streamguard.console.layout.Feedback;
import io.streamguard.console.layout.MainLayout;
import io.streamguard.console.layout.Times;
import jakarta.annotation.security.RolesAllowed;

/** The people who may sign in: create one, give a role, disable or enable. The last admin stays an admin. */
@Route(value = "users", layout = MainLayout.class)
@PageTitle("Users · StreamGuard")
@RolesAllowed("ADMIN")
public class UsersView extends VerticalLayout {

    private final UserAccounts users;
    private final TextField username = new TextField("Username");
    private final PasswordField password = new PasswordField("Password");
    private final Select<Role> role = new Select<>();
    private final Grid<UserView> grid = new Grid<>();

    public UsersView(UserAccounts users) {
        this.users = users;
        addClassName("users-view");
        setSizeFull();
        configureGrid();
        add(new H2("Users"), newUserForm(), grid);
        expand(grid);
        refresh();
    }

    private HorizontalLayout newUserForm() {
        username.addClassName("new-username");
        password.addClassName("new-password");
        password.setHelperText("12 characters or more");
        role.setLabel("Role");
        role.setItems(Role.values());
        role.setItemLabelGenerator(UsersView::label);
        role.setValue(Role.COMPLIANCE);
        role.setWidth("15em");
        role.addClassName("new-role");
        Button create = new Button("Create user", VaadinIcon.PLUS.create(), click -> create());
        create.addThemeVariants(ButtonVariant.PRIMARY);
        create.addClassName("create-user");
        HorizontalLayout form = new HorizontalLayout(username, password, role, create);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);
        return form;
    }

    private void configureGrid() {
        grid.addClassName("users-grid");
        grid.setWidthFull();
        grid.addThemeVariants(GridVariant.ROW_STRIPES);
        grid.addColumn(UserView::username).setHeader("Username").setFlexGrow(1);
        grid.addColumn(new ComponentRenderer<>(this::roleSelect))
                .setHeader("Role")
                .setWidth("16em")
                .setFlexGrow(0);
        grid.addColumn(new ComponentRenderer<>(UsersView::status))
                .setHeader("Status")
                .setWidth("8em")
                .setFlexGrow(0);
        grid.addColumn(u -> Times.format(u.createdAt()))
                .setHeader("Created")
                .setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(new ComponentRenderer<>(this::enableButton))
                .setAutoWidth(true)
                .setFlexGrow(0);
    }

    private Component roleSelect(UserView user) {
        Select<Role> select = new Select<>();
        select.setItems(Role.values());
        select.setItemLabelGenerator(UsersView::label);
        select.setValue(user.role());
        select.setAriaLabel("Role of " + user.username());
        select.setWidthFull();
        select.addValueChangeListener(e -> {
            if (e.isFromClient()) {
                change(
                        () -> users.assign(user.username(), e.getValue()),
                        user.username() + " is now " + label(e.getValue()) + ".");
            }
        });
        return select;
    }

    private static Component status(UserView user) {
        Badge badge = new Badge(user.enabled() ? "enabled" : "disabled");
        badge.addThemeVariants(user.enabled() ? BadgeVariant.SUCCESS : BadgeVariant.CONTRAST);
        return badge;
    }

    private Component enableButton(UserView user) {
        Button button = new Button(
                user.enabled() ? "Disable" : "Enable",
                click -> change(
                        () -> users.setEnabled(user.username(), !user.enabled()),
                        user.username() + (user.enabled() ? " can no longer sign in." : " can sign in again.")));
        button.addThemeVariants(ButtonVariant.TERTIARY, ButtonVariant.SMALL);
        if (user.enabled()) {
            button.addThemeVariants(ButtonVariant.ERROR);
        }
        return button;
    }

    private void create() {
        try {
            UserView created = users.create(username.getValue().strip(), password.getValue(), role.getValue());
            Feedback.done("User " + created.username() + " is created.");
            username.clear();
            password.clear();
            refresh();
        } catch (Refusal problem) {
            Feedback.refused(problem);
        }
    }

    private void change(Runnable change, String done) {
        try {
            change.run();
            Feedback.done(done);
        } catch (Refusal problem) {
            Feedback.refused(problem);
        }
        refresh();
    }

    private void refresh() {
        grid.setItems(users.list());
    }

    static String label(Role role) {
        return switch (role) {
            case ADMIN -> "Admin: everything";
            case COMPLIANCE -> "Compliance: audit only";
        };
    }
}
