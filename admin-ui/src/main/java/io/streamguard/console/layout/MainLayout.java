package io.streamguard.console.layout;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.spring.security.AuthenticationContext;
import io.streamguard.console.audit.AuditListView;

/** The frame of every signed-in view: title, navigation, who is signed in, sign-out. */
public class MainLayout extends AppLayout {

    public MainLayout(AuthenticationContext authentication) {
        addToNavbar(new DrawerToggle(), title(), userBox(authentication));
        addToDrawer(navigation());
    }

    private static H1 title() {
        H1 title = new H1("StreamGuard");
        title.addClassName("console-title");
        return title;
    }

    private static HorizontalLayout userBox(AuthenticationContext authentication) {
        String name = authentication.getPrincipalName().orElse("");
        String roles = String.join(", ", authentication.getGrantedRoles());
        Span who = new Span(name + " (" + roles + ")");
        who.addClassName("console-user");
        Button signOut = new Button("Sign out", click -> authentication.logout());
        signOut.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        HorizontalLayout box = new HorizontalLayout(who, signOut);
        box.setAlignItems(FlexComponent.Alignment.CENTER);
        box.addClassName("console-userbox");
        return box;
    }

    private static SideNav navigation() {
        SideNav nav = new SideNav();
        nav.addItem(new SideNavItem("Audit log", AuditListView.class));
        return nav;
    }
}
