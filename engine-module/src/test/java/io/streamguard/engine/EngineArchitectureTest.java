package io.streamguard.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The engine is a pure library: the server's frameworks stay out of it, and its packages depend one way. */
@AnalyzeClasses(packages = "io.streamguard.engine", importOptions = ImportOption.DoNotIncludeTests.class)
class EngineArchitectureTest {

    @ArchTest
    static final ArchRule engineDependsOnNoFramework = noClasses()
            .that()
            .resideInAPackage("io.streamguard.engine..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework..", "com.hazelcast..", "jakarta.persistence..", "com.vaadin..");

    @ArchTest
    static final ArchRule packagesDependOneWay =
            slices().matching("io.streamguard.engine.(*)..").should().beFreeOfCycles();
}
