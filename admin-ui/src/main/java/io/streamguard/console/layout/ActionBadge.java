package io.streamguard.console.layout;

import com.vaadin.flow.component.badge.Badge;
import com.vaadin.flow.component.badge.BadgeVariant;
import io.streamguard.engine.rules.Action;

/** A rule's or a message's action as a coloured badge: block red, warn amber, allow green. */
public final class ActionBadge {

    private ActionBadge() {}

    public static Badge of(Action action) {
        return of(action.wireName());
    }

    /** An action as the audit's and the rules' views spell it. */
    public static Badge of(String action) {
        Badge badge = new Badge(action);
        badge.addClassName("action-" + action);
        switch (action) {
            case "block" -> badge.addThemeVariants(BadgeVariant.ERROR);
            case "warn" -> badge.addThemeVariants(BadgeVariant.WARNING);
            case "allow" -> badge.addThemeVariants(BadgeVariant.SUCCESS);
            default -> badge.addThemeVariants(BadgeVariant.CONTRAST);
        }
        return badge;
    }
}
