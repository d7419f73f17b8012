package io.streamguard.console.layout;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.avatar.Avatar;
import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.badge.BadgeVariant;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.server.auth.AccessAnnotationChecker;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.streamguard.console.audit.AuditSearchView;
import io.streamguard.console.clients.ApiClientsView;
import io.streamguard.console.rules.RulesView;
import io.streamguard.console.streams.LiveStreamsView;
import io.streamguard.console.users.UsersView;
import jakarta.annotation.security.PermitAll;

/**
 * The frame of every signed-in view: brand, the navigation (only the views this person may open,
 * as their {@code @RolesAllowed} say), who is signed in with which role, sign-out. Any signed-in
 * person may have the frame; each view narrows access further.
 */
@PermitAll
public class MainLayout extends AppLayout {

    public MainLayout(AuthenticationContext authentication, AccessAnnotationChecker access) {
        setPrimarySection(Section.DRAWER);
        addToNavbar(new DrawerToggle(), userBox(authentication));
        addToDrawer(brand(), navigation(access));
    }

    private static Component brand() {
        Span shield = new Span(VaadinIcon.SHIELD.create());
        shield.addClassName("console-brand-icon");
        Div brand = new Div(shield, new Span("StreamGuard"));
        brand.addClassName("console-brand");
        return brand;
    }

    private static HorizontalLayout userBox(AuthenticationContext authentication) {
        String name = authentication.getPrincipalName().orElse("");
        Avatar avatar = new Avatar(name);
        avatar.addClassName("console-avatar");
        Span who = new Span(name);
        who.addClassName("console-user");
        HorizontalLayout box = new HorizontalLayout(avatar, who);
        authentication.getGrantedRoles().stream().sorted().forEach(role -> {
            Badge badge = new Badge(role.toLowerCase(java.util.Locale.ROOT));
            badge.addClassName("console-role");
            badge.addThemeVariants(BadgeVariant.CONTRAST);
            box.add(badge);
        });
        Button signOut = new Button("Sign out", VaadinIcon.SIGN_OUT.create(), click -> authentication.logout());
        signOut.addThemeVariants(ButtonVariant.TERTIARY);
        signOut.addClassName("console-signout");
        box.add(signOut);
        box.setAlignItems(FlexComponent.Alignment.CENTER);
        box.addClassName("console-userbox");
        return box;
    }

    private static SideNav navigation(AccessAnnotationChecker access) {
        SideNav nav = new SideNav();
        nav.addClassName("console-nav");
        item(nav, access, "Live streams", LiveStreamsView.class, VaadinIcon.SIGNAL);
        item(nav, access, "Rules", RulesView.class, VaadinIcon.FILTER);
        item(nav, access, "Audit search", AuditSearchView.class, VaadinIcon.SEARCH);
        item(nav, access, "API clients", ApiClientsView.class, VaadinIcon.KEY);
        item(nav, access, "Users", UsersView.class, VaadinIcon.USERS);
        return nav;
    }

    private static void item(
            SideNav nav,
            AccessAnnotationChecker access,
            String label,
            Class<? extends Component> view,
            VaadinIcon icon) {
        if (access.hasAccess(view)) {
            nav.addItem(new SideNavItem(label, view, icon.create()));
        }
    }
}
