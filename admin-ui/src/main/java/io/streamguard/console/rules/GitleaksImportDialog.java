package io.streamguard.console.rules;

import com.vaadin.flow.component.ComponentEvent;
import com.vaadin.flow.component.ComponentEventListener;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.server.streams.UploadHandler;
import com.vaadin.flow.shared.Registration;
import io.streamguard.api.rules.RuleService.ImportReport;
import io.streamguard.api.rules.RuleService.Refused;
import io.streamguard.api.system.Refusal;
import io.streamguard.engine.rules.Action;
import java.nio.charset.StandardCharsets;

/**
 * Imports a gitleaks configuration (TOML): each rule the engine accepts becomes a regex rule with
 * the chosen action; the report names the rules taken and those refused, with the reasons.
 */
class GitleaksImportDialog extends Dialog {

    /** Runs the import; the view binds it to the rule service and the signed-in author. */
    interface Importer {
        ImportReport importGitleaks(String toml, Action action);
    }

    private static final int MAX_FILE_BYTES = 2 * 1024 * 1024;

    private final Select<Action> action = new Select<>();
    private final Div report = new Div();
    private final Importer importer;

    GitleaksImportDialog(Importer importer) {
        this.importer = importer;
        setHeaderTitle("Import gitleaks rules");
        addClassName("gitleaks-import");
        setWidth("760px");
        action.setLabel("Action of the imported rules");
        action.setItems(Action.WARN, Action.BLOCK);
        action.setItemLabelGenerator(Action::wireName);
        action.setValue(Action.WARN);
        Upload upload = new Upload(UploadHandler.inMemory((file, bytes) ->
                getUI().ifPresent(ui -> ui.access(() -> importFile(new String(bytes, StandardCharsets.UTF_8))))));
        upload.setAcceptedFileTypes(".toml", "application/toml", "text/plain");
        upload.setMaxFiles(1);
        upload.setMaxFileSize(MAX_FILE_BYTES);
        report.addClassName("import-report");
        add(
                new Paragraph("Choose a gitleaks.toml. Rules whose regular expression is not portable or not "
                        + "linear-time are refused and listed with the reason."),
                action,
                upload,
                report);
        getFooter().add(new Button("Close", click -> close()));
    }

    private void importFile(String toml) {
        report.removeAll();
        ImportReport result;
        try {
            result = importer.importGitleaks(toml, action.getValue());
        } catch (Refusal problem) {
            Paragraph refused = new Paragraph(problem.detail());
            refused.addClassName("import-failed");
            report.add(refused);
            return;
        }
        Paragraph taken = new Paragraph(
                result.created().size() + " rules imported, " + result.refused().size() + " refused.");
        taken.addClassName("import-summary");
        report.add(taken);
        if (!result.refused().isEmpty()) {
            Grid<Refused> refused = new Grid<>();
            refused.addThemeVariants(GridVariant.WRAP_CELL_CONTENT, GridVariant.ROW_STRIPES);
            refused.addColumn(Refused::ruleId)
                    .setHeader("Refused rule")
                    .setAutoWidth(true)
                    .setFlexGrow(0);
            refused.addColumn(r -> String.join("; ", r.reasons()))
                    .setHeader("Why")
                    .setFlexGrow(1);
            refused.setItems(result.refused());
            refused.setHeight("260px");
            report.add(refused);
        }
        fireEvent(new ImportedEvent(this));
    }

    Registration addImportedListener(ComponentEventListener<ImportedEvent> listener) {
        return addListener(ImportedEvent.class, listener);
    }

    static final class ImportedEvent extends ComponentEvent<GitleaksImportDialog> {

        ImportedEvent(GitleaksImportDialog source) {
            super(source, false);
        }
    }
}
