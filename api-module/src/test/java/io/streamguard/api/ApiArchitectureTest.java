package io.streamguard.api;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The API module's boundaries: no console code, entities and repositories stay inside their feature. */
class ApiArchitectureTest {

    private final JavaClasses api = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.streamguard.api");

    @Test
    void theApiKnowsNothingOfTheConsoleOrVaadin() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("com.vaadin..", "io.streamguard.console..")
                .check(api);
    }

    @Test
    void entitiesAndRepositoriesAreNotPublic() {
        classes().that().areAnnotatedWith(jakarta.persistence.Entity.class).should().notBePublic().check(api);
        classes().that().areAssignableTo(org.springframework.data.repository.Repository.class)
                .should().notBePublic().check(api);
    }

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("io.streamguard.api.(*)..").should().beFreeOfCycles().check(api);
    }
}
