package io.streamguard.console;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The console is another edge beside the HTTP API: it calls the features' services, and shows their refusals. */
class ConsoleArchitectureTest {

    private final JavaClasses console = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.streamguard.console");

    @Test
    void theConsoleUsesServicesNotControllers() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .areAnnotatedWith(RestController.class)
                .orShould()
                .dependOnClassesThat()
                .areAnnotatedWith(RestControllerAdvice.class)
                .because("a view calls the service a controller calls; HTTP is not the console's language")
                .check(console);
    }

    @Test
    void theConsoleTurnsRefusalsIntoNotificationsNotProblems() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework.http..")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("io.streamguard.api.system.Problems")
                .check(console);
    }
}
