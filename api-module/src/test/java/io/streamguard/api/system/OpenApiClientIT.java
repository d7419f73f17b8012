package io.streamguard.api.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamguard.api.ApiIntegrationTest;
import io.streamguard.testing.ApiTestClient;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live OpenAPI document is one a client generator and Swagger UI can use: it names how to
 * authenticate, every refusal with its code, the enums as the JSON spells them, and the server's
 * constraints; and a Java client generated from it compiles.
 */
@ApiIntegrationTest
class OpenApiClientIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path OUT = Path.of("target", "openapi-client");

    @LocalServerPort
    int port;

    JsonNode document;
    String raw;

    @BeforeEach
    void fetch() throws IOException {
        raw = new ApiTestClient("http://localhost:" + port).getText("/v3/api-docs");
        document = JSON.readTree(raw);
        Files.createDirectories(OUT);
        Files.writeString(OUT.resolve("api-docs.json"), raw);
    }

    @Test
    void namesTheSecuritySchemesAndEachOperationSaysWhichItTakes() {
        JsonNode schemes = document.at("/components/securitySchemes");
        assertThat(schemes.at("/apiKey/type").asString()).isEqualTo("http");
        assertThat(schemes.at("/apiKey/scheme").asString()).isEqualTo("bearer");
        assertThat(schemes.at("/basic/scheme").asString()).isEqualTo("basic");
        assertThat(schemes.at("/accessToken/scheme").asString()).isEqualTo("bearer");

        assertThat(securityOf("/v1/stream/update", "post")).containsExactly("apiKey");
        assertThat(securityOf("/v1/check", "post")).containsExactly("apiKey");
        assertThat(securityOf("/v1/admin/rules", "get")).containsExactlyInAnyOrder("basic", "accessToken");
        assertThat(securityOf("/v1/audit", "get")).containsExactlyInAnyOrder("basic", "accessToken");
        assertThat(securityOf("/v1/me/tokens", "post")).containsExactlyInAnyOrder("basic", "accessToken");
        forEachOperation((path, method, operation) -> assertThat(
                        operation.path("security").isEmpty())
                .as("%s %s names its security", method, path)
                .isFalse());
    }

    @Test
    void everyOperationNamesItsRefusalsAsProblems() {
        JsonNode problem = document.at("/components/schemas/Problem");
        assertThat(fieldNames(problem.path("properties")))
                .contains("type", "title", "status", "detail", "code", "position", "maxContentChars", "errors");
        Set<String> codes = new TreeSet<>();
        problem.at("/properties/code/enum").forEach(code -> codes.add(code.asString()));
        Set<String> catalogue = new TreeSet<>();
        for (ErrorCode code : ErrorCode.values()) {
            catalogue.add(code.code());
        }
        assertThat(codes).isEqualTo(catalogue);

        forEachOperation((path, method, operation) -> {
            assertThat(operation.at("/responses").toString()).doesNotContain("*/*");
            for (String status : List.of("400", "401", "500")) {
                JsonNode response = operation.at("/responses/" + status);
                assertThat(response.at("/content/application~1problem+json/schema/$ref")
                                .asString())
                        .as("%s %s answers %s as a problem", method, path, status)
                        .isEqualTo("#/components/schemas/Problem");
            }
        });

        JsonNode update = document.at("/paths/~1v1~1stream~1update/post/responses");
        assertThat(exampleCodes(update.path("409"))).containsExactlyInAnyOrder("stream_finished", "position_mismatch");
        assertThat(exampleCodes(update.path("429")))
                .containsExactlyInAnyOrder("rate_limited", "client_budget_exceeded");
        assertThat(update.at("/429/headers/Retry-After/schema/type").asString()).isEqualTo("integer");
        assertThat(exampleCodes(update.path("404"))).containsExactly("stream_not_found");
        assertThat(exampleCodes(update.path("422"))).containsExactly("scan_budget_exceeded");
        JsonNode start = document.at("/paths/~1v1~1stream~1start/post/responses");
        assertThat(exampleCodes(start.path("429"))).containsExactly("too_many_streams");
        assertThat(start.at("/503/headers/Retry-After").isMissingNode()).isFalse();
        assertThat(exampleCodes(document.at("/paths/~1v1~1audit~1{auditId}/get/responses/404")))
                .containsExactly("audit_entry_not_found");
        assertThat(exampleCodes(document.at("/paths/~1v1~1admin~1rules~1{id}/put/responses/404")))
                .containsExactly("rule_not_found");
        assertThat(exampleCodes(document.at("/paths/~1v1~1check/post/responses/403")))
                .containsExactly("forbidden");
    }

    @Test
    void spellsTheEnumsAsTheJsonDoes() {
        var schemas = document.at("/components/schemas");
        for (String action : List.of("UpdateResponse", "FinishResponse", "CheckResponse", "AuditEntryView")) {
            assertThat(enumOf(schemas.at("/" + action + "/properties/action")))
                    .as(action)
                    .containsExactly("allow", "warn", "block");
        }
        for (String ruleAction : List.of(
                "RuleDefinition", "RuleView", "ClientRegex", "ClientKeywords", "Violation", "RevisedViolation")) {
            assertThat(enumOf(schemas.at("/" + ruleAction + "/properties/action")))
                    .as(ruleAction)
                    .containsExactly("warn", "block");
        }
        assertThat(enumOf(schemas.at("/RuleDefinition/properties/kind")))
                .containsExactly("keyword", "regex", "credit_card", "iban", "secret");
        assertThat(enumOf(schemas.at("/AuditEntryView/properties/outcome")))
                .containsExactly("finished", "expired", "checked");
        JsonNode search = document.at("/paths/~1v1~1audit/get/parameters");
        assertThat(search.valueStream()
                        .filter(p -> p.path("name").asString().equals("outcome"))
                        .map(p -> enumOf(p.path("schema"))))
                .containsExactly(List.of("finished", "expired", "checked"));
        assertThat(enumOf(document.at("/paths/~1v1~1admin~1rules~1import~1gitleaks/post/parameters/0/schema")))
                .containsExactly("warn", "block");
    }

    @Test
    void constrainsAsTheServerDoes() {
        assertThat(raw).doesNotContain("\"minLength\":0");
        JsonNode context = document.at("/components/schemas/StreamContext/properties/userId");
        assertThat(context.path("minLength").asInt()).isEqualTo(1);
        assertThat(context.path("maxLength").asInt()).isEqualTo(256);
        assertThat(document.at("/components/schemas/UpdateRequest/properties/content/maxLength")
                        .asInt())
                .isEqualTo(262_144);
        assertThat(document.at("/components/schemas/UpdateRequest/properties/position/minimum")
                        .asInt())
                .isZero();
        assertThat(document.at("/components/schemas/NewToken/properties/expiresInDays/maximum")
                        .asInt())
                .isEqualTo(366);
    }

    @Test
    void aGeneratedJavaClientCompiles() throws Exception {
        Path spec = OUT.resolve("api-docs.json").toAbsolutePath();
        Path client = OUT.resolve("java").toAbsolutePath();
        deleteRecursively(client);
        String generator =
                System.getProperty("openapi.generator.jar", "target/openapi-generator/openapi-generator-cli.jar");
        assertThat(Path.of(generator)).exists();
        Path log = OUT.resolve("generator.log");
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        generator,
                        "generate",
                        "--generator-name",
                        "java",
                        "--library",
                        "native",
                        "--input-spec",
                        spec.toString(),
                        "--output",
                        client.toString(),
                        "--api-package",
                        "com.example.streamguard.api",
                        "--model-package",
                        "com.example.streamguard.model",
                        "--invoker-package",
                        "com.example.streamguard",
                        "--additional-properties",
                        "useJakartaEe=true,openApiNullable=false,hideGenerationTimestamp=true",
                        "--global-property",
                        "apiTests=false,modelTests=false,apiDocs=false,modelDocs=false")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output.lines().filter(line -> line.contains(" ERROR ")))
                .as(output)
                .isEmpty();

        List<File> sources;
        try (Stream<Path> files = Files.walk(client.resolve("src/main/java"))) {
            sources = files.filter(p -> p.toString().endsWith(".java"))
                    .map(Path::toFile)
                    .toList();
        }
        assertThat(sources)
                .extracting(File::getName)
                .contains("StreamsApi.java", "RulesApi.java", "AuditApi.java", "Problem.java", "UpdateRequest.java");

        var compiler = ToolProvider.getSystemJavaCompiler();
        var diagnostics = new DiagnosticCollector<JavaFileObject>();
        Path classes = client.resolve("classes");
        Files.createDirectories(classes);
        try (var files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = new ArrayList<>(
                    List.of("-proc:none", "-nowarn", "-d", classes.toString(), "-classpath", clientClasspath()));
            StringWriter compilerOutput = new StringWriter();
            boolean compiled = compiler.getTask(
                            compilerOutput,
                            files,
                            diagnostics,
                            options,
                            null,
                            files.getJavaFileObjectsFromFiles(sources))
                    .call();
            assertThat(compiled)
                    .as("%s%n%s", diagnostics.getDiagnostics(), compilerOutput)
                    .isTrue();
        }
        assertThat(classes.resolve("com/example/streamguard/api/StreamsApi.class"))
                .exists();
    }

    /** What the native library needs: java.net.http, Jackson 2 with its java.time module, jakarta annotations. */
    private static String clientClasspath() throws URISyntaxException {
        List<String> jars = new ArrayList<>();
        for (Class<?> type : List.of(
                com.fasterxml.jackson.databind.ObjectMapper.class,
                com.fasterxml.jackson.core.JsonParser.class,
                com.fasterxml.jackson.annotation.JsonProperty.class,
                com.fasterxml.jackson.datatype.jsr310.JavaTimeModule.class,
                jakarta.annotation.Nullable.class)) {
            jars.add(Path.of(type.getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString());
        }
        return String.join(File.pathSeparator, jars);
    }

    private List<String> securityOf(String path, String method) {
        List<String> names = new ArrayList<>();
        document.path("paths")
                .path(path)
                .path(method)
                .path("security")
                .forEach(requirement -> names.addAll(fieldNames(requirement)));
        return names;
    }

    private static List<String> exampleCodes(JsonNode response) {
        List<String> codes = new ArrayList<>();
        response.at("/content/application~1problem+json/examples")
                .forEach(example -> codes.add(example.at("/value/code").asString()));
        return codes;
    }

    private static List<String> enumOf(JsonNode schema) {
        List<String> values = new ArrayList<>();
        schema.path("enum").forEach(value -> values.add(value.asString()));
        return values;
    }

    private static List<String> fieldNames(JsonNode node) {
        return new ArrayList<>(node.propertyNames());
    }

    interface OperationCheck {
        void check(String path, String method, JsonNode operation);
    }

    private void forEachOperation(OperationCheck check) {
        var paths = document.path("paths");
        assertThat(paths.size()).isGreaterThan(20);
        for (String path : paths.propertyNames()) {
            for (String method : paths.path(path).propertyNames()) {
                check.check(path, method, paths.path(path).path(method));
            }
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
