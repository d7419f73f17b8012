package io.streamguard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Module arrows point one way: console → API → engine, SDK → engine, and the engine is plain Java. */
class ModuleBoundariesTest {

    private final JavaClasses all = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.streamguard");

    @Test
    void theEngineIsPlainJava() {
        noClasses()
                .that()
                .resideInAPackage("io.streamguard.engine..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "com.hazelcast..",
                        "jakarta.persistence..",
                        "com.vaadin..",
                        "io.streamguard.api..",
                        "io.streamguard.console..")
                .check(all);
    }

    @Test
    void theApiKnowsNothingOfTheConsole() {
        noClasses()
                .that()
                .resideInAPackage("io.streamguard.api..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.vaadin..", "io.streamguard.console..")
                .check(all);
    }

    /** The SDK's Java is compiled to JavaScript for the browser; the node serves its files and never calls it. */
    @Test
    void nothingOnTheServerCallsTheSdk() {
        noClasses()
                .that()
                .resideInAnyPackage("io.streamguard.engine..", "io.streamguard.api..", "io.streamguard.console..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.streamguard.sdk..")
                .check(all);
    }
}
