package io.streamguard.console.layout;

import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import io.streamguard.api.system.Refusal;

/** Short notices after an action: what was done, or why a service refused it (its client-safe sentence). */
public final class Feedback {

    private Feedback() {}

    public static void done(String message) {
        Notification notification = Notification.show(message, 3000, Notification.Position.BOTTOM_START);
        notification.addThemeVariants(NotificationVariant.SUCCESS);
    }

    public static void refused(Refusal problem) {
        Notification notification =
                Notification.show(capitalized(problem.detail()), 6000, Notification.Position.MIDDLE);
        notification.addThemeVariants(NotificationVariant.ERROR);
    }

    static String capitalized(String sentence) {
        return sentence.isEmpty() ? sentence : Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1);
    }
}
