package io.streamguard.api;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.streamguard.api.system.Refusal;
import io.streamguard.engine.rules.Action;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * The API module's boundaries: no console code, entities and repositories stay inside their feature, and
 * HTTP is spoken only at the web edge.
 */
class ApiArchitectureTest {

    private final JavaClasses api = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.streamguard.api");

    @Test
    void theApiKnowsNothingOfTheConsoleOrVaadin() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.vaadin..", "io.streamguard.console..")
                .check(api);
    }

    @Test
    void entitiesAndRepositoriesAreNotPublic() {
        classes()
                .that()
                .areAnnotatedWith(jakarta.persistence.Entity.class)
                .should()
                .notBePublic()
                .check(api);
        classes()
                .that()
                .areAssignableTo(org.springframework.data.repository.Repository.class)
                .should()
                .notBePublic()
                .check(api);
    }

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("io.streamguard.api.(*)..").should().beFreeOfCycles().check(api);
    }

    /** Services, records, processors and refusals speak the domain's words; HTTP statuses and bodies are the edge's. */
    @Test
    void onlyTheWebEdgeSpeaksHttp() {
        noClasses()
                .that()
                .resideInAnyPackage(FEATURES)
                .and()
                .areNotAnnotatedWith(RestController.class)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework.http..")
                .orShould()
                .dependOnClassesThat()
                .areAssignableTo(ResponseStatusException.class)
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("io.streamguard.api.system.Problems")
                .because(
                        "a feature refuses with its own Refusal; ProblemDetailsAdvice alone turns it into problem+json")
                .check(api);
        noClasses()
                .that()
                .areAssignableTo(Refusal.class)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "jakarta.servlet..")
                .check(api);
    }

    /**
     * The stream socket is an edge like the controllers: it alone speaks WebSocket, and no feature depends on
     * it (a feature tells the socket what happened through what it publishes, e.g. stream expiries).
     */
    @Test
    void theStreamSocketIsAnEdgeThatNoFeatureDependsOn() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.streamguard.api.socket..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework.web.socket..", "jakarta.websocket..")
                .check(api);
        noClasses()
                .that()
                .resideOutsideOfPackage("io.streamguard.api.socket..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.streamguard.api.socket..")
                .check(api);
    }

    /**
     * An {@link Action} is spelled by its wire name ({@code "warn"}) wherever a record holding one is written as
     * JSON, whatever the mapper: a component without the writer would answer {@code "WARN"}.
     */
    @Test
    void everyActionInARecordIsWrittenByItsWireName() {
        fields().that()
                .haveRawType(Action.class)
                .should()
                .beAnnotatedWith(JsonSerialize.class)
                .andShould()
                .beAnnotatedWith(JsonDeserialize.class)
                .check(api);
    }

    /** The audit seeder writes synthetic rows into the tamper-evident log: only the dev-tools build has it. */
    @Test
    void developmentToolsAreNotInTheProductionClasses() {
        assertThatThrownBy(() -> Class.forName("io.streamguard.api.audit.AuditSeeder"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    private static final String[] FEATURES = {
        "io.streamguard.api.audit..",
        "io.streamguard.api.check..",
        "io.streamguard.api.clients..",
        "io.streamguard.api.cluster..",
        "io.streamguard.api.rules..",
        "io.streamguard.api.stream..",
        "io.streamguard.api.users.."
    };
}
