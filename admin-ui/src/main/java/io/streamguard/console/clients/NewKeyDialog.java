package io.streamguard.console.clients;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextField;
import io.streamguard.api.clients.ApiClientService.CreatedApiClient;
import io.streamguard.console.layout.Feedback;

/** The new client's key, shown this once: only its hash is stored, so it cannot be shown again. */
class NewKeyDialog extends Dialog {

    NewKeyDialog(CreatedApiClient created) {
        setHeaderTitle("API key of " + created.name());
        addClassName("new-key-dialog");
        setWidth("640px");
        setCloseOnOutsideClick(false);
        TextField key = new TextField("API key");
        key.setValue(created.apiKey());
        key.setReadOnly(true);
        key.addClassName("api-key");
        Button copy = new Button("Copy", VaadinIcon.COPY.create(), click -> {
            click.getSource()
                    .getUI()
                    .ifPresent(
                            ui -> ui.getPage().executeJs("return navigator.clipboard.writeText($0)", created.apiKey()));
            Feedback.done("The key is copied.");
        });
        copy.addClassName("copy-key");
        HorizontalLayout row = new HorizontalLayout(key, copy);
        row.setWidthFull();
        row.expand(key);
        row.setAlignItems(FlexComponent.Alignment.BASELINE);
        Paragraph warning = new Paragraph("Copy the key now and give it to the plugin. It is shown only this once: "
                + "StreamGuard keeps only its hash. Lost keys are revoked and replaced, never recovered.");
        warning.addClassName("key-warning");
        add(warning, row, new Paragraph("Client id: " + created.clientId()));
        Button done = new Button("Done", click -> close());
        done.addThemeVariants(ButtonVariant.PRIMARY);
        getFooter().add(done);
    }
}
