package io.streamguard.api.system;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import jakarta.validation.constraints.NotBlank;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs}, made usable by Swagger UI and client generators: how each
 * operation authenticates, the problem+json answers each can give with their codes, the enums as the JSON
 * spells them, and the limits the server enforces. Springdoc derives the rest from the controllers.
 *
 * <p>The refusals are listed here by path rather than on each controller, because most come from filters
 * and the web edge (credentials, media types, body size, storage) that no controller method sees.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String API_KEY = "apiKey";
    static final String BASIC = "basic";
    static final String ACCESS_TOKEN = "accessToken";
    static final String PROBLEM = "Problem";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String JSON = "application/json";
    private static final String REF = "#/components/schemas/";
    private static final String NOT_BLANK = "x-streamguard-not-blank";
    private static final List<String> ACTIONS = List.of("allow", "warn", "block");
    private static final List<String> RULE_ACTIONS = List.of("warn", "block");
    private static final List<String> RULE_KINDS = List.of("keyword", "regex", "credit_card", "iban", "secret");
    private static final List<String> AUDIT_OUTCOMES = List.of("finished", "expired", "checked");

    @Bean
    OpenAPI streamGuardOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("StreamGuard API")
                        .version("v1")
                        .description("Real-time guardrails for streaming LLM output. The browser plugin authenticates"
                                + " with an API key (`Authorization: Bearer sg_…`); people use HTTP Basic or a"
                                + " personal access token (`Authorization: Bearer sgp_…`). Every error is"
                                + " `application/problem+json` with a machine-readable `code`."))
                .components(new Components()
                        .addSecuritySchemes(
                                API_KEY,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("sg_…")
                                        .description("An API client's key, for /v1/stream/** and /v1/check"))
                        .addSecuritySchemes(
                                BASIC,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("basic")
                                        .description("A person's user name and password (ADMIN or COMPLIANCE)"))
                        .addSecuritySchemes(
                                ACCESS_TOKEN,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("sgp_…")
                                        .description("A person's access token (POST /v1/me/tokens); acts with"
                                                + " the owner's current role")));
    }

    /**
     * {@code @NotBlank} means at least one char, but swagger-core applies a {@code @Size(max = …)} beside it after
     * this runs and writes its {@code min} of 0: mark the property here, and set its minimum when the document is
     * complete ({@link #dropZeroMinLength}).
     */
    @Bean
    PropertyCustomizer notBlankIsMinLengthOne() {
        return (property, type) -> {
            var annotations = type.getCtxAnnotations();
            if (annotations != null) {
                for (var annotation : annotations) {
                    if (annotation instanceof NotBlank) {
                        property.addExtension(NOT_BLANK, true);
                    }
                }
            }
            return property;
        };
    }

    @Bean
    OpenApiCustomizer streamGuardContract(StreamGuardProperties properties) {
        int maxContentChars = properties.limits().maxContentChars();
        return openApi -> {
            var schemas = openApi.getComponents().getSchemas();
            if (schemas == null) {
                return;
            }
            schemas.put(PROBLEM, problemSchema());
            // Inline, as springdoc writes the enums it knows: a generated client gets one enum per field.
            enumerate(schemas, ACTIONS, "UpdateResponse.action", "FinishResponse.action", "CheckResponse.action");
            enumerate(schemas, ACTIONS, "AuditEntryView.action", "LiveStream.action");
            enumerate(schemas, RULE_ACTIONS, "RuleDefinition.action", "RuleView.action");
            enumerate(schemas, RULE_ACTIONS, "ClientRegex.action", "ClientKeywords.action");
            enumerate(schemas, RULE_KINDS, "RuleDefinition.kind", "RuleView.kind");
            enumerate(schemas, AUDIT_OUTCOMES, "AuditEntryView.outcome");

            for (String text : List.of("UpdateRequest.content", "UpdateRequest.delta", "FinishRequest.finalContent")) {
                property(schemas, text).ifPresent(p -> p.setMaxLength(maxContentChars));
            }
            property(schemas, "CheckRequest.content").ifPresent(p -> p.setMaxLength(maxContentChars));
            property(schemas, "UpdateRequest.position").ifPresent(p -> p.setMinimum(BigDecimal.ZERO));
            property(schemas, "RuleDefinition.keywords").map(Schema::getItems).ifPresent(item -> item.setMinLength(1));
            examples(schemas);
            schemas.values().forEach(OpenApiConfiguration::dropZeroMinLength);

            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> {
                for (var entry : item.readOperationsMap().entrySet()) {
                    describe(path, entry.getKey(), entry.getValue());
                }
            });
        };
    }

    private static void describe(String path, PathItem.HttpMethod method, Operation operation) {
        boolean plugin = path.startsWith("/v1/stream/") || path.equals("/v1/check");
        List<SecurityRequirement> security = new ArrayList<>();
        if (plugin) {
            security.add(new SecurityRequirement().addList(API_KEY));
        } else {
            security.add(new SecurityRequirement().addList(BASIC));
            security.add(new SecurityRequirement().addList(ACCESS_TOKEN));
        }
        operation.setSecurity(security);
        if (path.startsWith("/v1/audit")) {
            auditParameters(operation);
        }
        if (path.equals("/v1/admin/rules/import/gitleaks")) {
            var action = parameter(operation, "action");
            if (action != null) {
                Schema<Object> actions = enumSchema(RULE_ACTIONS);
                actions.setDefault("block");
                action.setSchema(actions);
            }
        }

        Set<ErrorCode> codes = EnumSet.of(
                ErrorCode.INVALID_REQUEST,
                ErrorCode.UNAUTHORIZED,
                ErrorCode.FORBIDDEN,
                ErrorCode.NOT_ACCEPTABLE,
                ErrorCode.INTERNAL_ERROR,
                ErrorCode.UNAVAILABLE);
        if (operation.getRequestBody() != null) {
            codes.add(ErrorCode.CONTENT_TOO_LARGE);
            codes.add(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
        }
        codes.addAll(refusals(path, method));

        ApiResponses responses = operation.getResponses();
        // Springdoc writes */* where a method declares nothing; every such answer of ours is JSON.
        responses.values().forEach(response -> {
            if (response.getContent() != null && response.getContent().containsKey("*/*")) {
                response.getContent().addMediaType(JSON, response.getContent().remove("*/*"));
            }
        });
        Map<Integer, List<ErrorCode>> byStatus = new TreeMap<>();
        for (ErrorCode code : codes) {
            byStatus.computeIfAbsent(Problems.status(code).value(), s -> new ArrayList<>())
                    .add(code);
        }
        byStatus.forEach((status, ofStatus) -> responses.addApiResponse(String.valueOf(status), problems(ofStatus)));
    }

    /** The audit search's filters, as AuditQuery checks them. */
    private static void auditParameters(Operation operation) {
        var action = parameter(operation, "action");
        if (action != null) {
            action.setSchema(enumSchema(ACTIONS));
        }
        var outcome = parameter(operation, "outcome");
        if (outcome != null) {
            outcome.setSchema(enumSchema(AUDIT_OUTCOMES));
        }
        var sort = parameter(operation, "sort");
        if (sort != null) {
            Schema<Object> sorts = schema("string");
            sorts.addEnumItemObject("time");
            sorts.addEnumItemObject("relevance");
            sorts.setDefault("time");
            sort.setSchema(sorts);
        }
        var limit = parameter(operation, "limit");
        if (limit != null && limit.getSchema() != null) {
            limit.getSchema().setMinimum(BigDecimal.ONE);
            limit.getSchema().setMaximum(BigDecimal.valueOf(500));
        }
    }

    /** What each operation refuses beyond what every one may (see {@link #describe}); the services' refusals. */
    private static Set<ErrorCode> refusals(String path, PathItem.HttpMethod method) {
        Set<ErrorCode> codes = EnumSet.noneOf(ErrorCode.class);
        switch (path) {
            case "/v1/stream/start" -> codes.add(ErrorCode.TOO_MANY_STREAMS);
            case "/v1/stream/update" ->
                codes.addAll(List.of(
                        ErrorCode.STREAM_NOT_FOUND,
                        ErrorCode.STREAM_FINISHED,
                        ErrorCode.POSITION_MISMATCH,
                        ErrorCode.SCAN_BUDGET_EXCEEDED,
                        ErrorCode.RATE_LIMITED,
                        ErrorCode.CLIENT_BUDGET_EXCEEDED));
            case "/v1/stream/finish" ->
                codes.addAll(List.of(
                        ErrorCode.STREAM_NOT_FOUND, ErrorCode.SCAN_BUDGET_EXCEEDED, ErrorCode.CLIENT_BUDGET_EXCEEDED));
            case "/v1/check" -> codes.addAll(List.of(ErrorCode.SCAN_BUDGET_EXCEEDED, ErrorCode.RATE_LIMITED));
            case "/v1/audit/{auditId}" -> codes.add(ErrorCode.AUDIT_ENTRY_NOT_FOUND);
            default -> {
                if (path.startsWith("/v1/admin/rules/{id}")) {
                    codes.add(ErrorCode.RULE_NOT_FOUND);
                } else if (path.startsWith("/v1/admin/users/{")
                        || path.startsWith("/v1/admin/api-clients/{")
                        || (path.startsWith("/v1/me/tokens/{") && method == PathItem.HttpMethod.DELETE)) {
                    codes.add(ErrorCode.NOT_FOUND);
                }
            }
        }
        return codes;
    }

    private static ApiResponse problems(List<ErrorCode> codes) {
        StringBuilder description = new StringBuilder();
        Map<String, Example> examples = new LinkedHashMap<>();
        for (ErrorCode code : codes) {
            description
                    .append(description.isEmpty() ? "" : "; ")
                    .append('`')
                    .append(code.code())
                    .append('`');
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("type", code.type().toString());
            value.put("title", code.title());
            value.put("status", Problems.status(code).value());
            value.put("detail", EXAMPLE_DETAILS.getOrDefault(code, code.title() + "."));
            value.put("code", code.code());
            EXAMPLE_PROPERTIES.getOrDefault(code, Map.of()).forEach(value::put);
            examples.put(code.code(), new Example().summary(code.title()).value(value));
        }
        ApiResponse response = new ApiResponse()
                .description(description.toString())
                .content(new Content()
                        .addMediaType(
                                PROBLEM_JSON,
                                new MediaType().schema(ref(PROBLEM)).examples(examples)));
        int status = Problems.status(codes.getFirst()).value();
        if (status == 429 || status == 503) {
            response.addHeaderObject(
                    "Retry-After",
                    new Header()
                            .description("Seconds to wait before retrying (where the server knows)")
                            .schema(schema("integer").minimum(BigDecimal.ONE)));
        }
        return response;
    }

    private static final Map<ErrorCode, String> EXAMPLE_DETAILS = Map.of(
            ErrorCode.INVALID_REQUEST, "context.userId must not be blank",
            ErrorCode.UNAUTHORIZED, "Authentication is required.",
            ErrorCode.STREAM_NOT_FOUND, "No such stream: it is unknown, expired, or not yours.",
            ErrorCode.STREAM_FINISHED, "The stream is finished; start a new one.",
            ErrorCode.POSITION_MISMATCH, "The delta must be appended at the server's position 12.",
            ErrorCode.CONTENT_TOO_LARGE, "A stream's content may be at most 262144 characters.",
            ErrorCode.RATE_LIMITED, "Too many updates for this stream; slow down.",
            ErrorCode.TOO_MANY_STREAMS, "This client has 1000 open streams, the most it may have; finish some first.",
            ErrorCode.SCAN_BUDGET_EXCEEDED, Refusal.SCAN_BUDGET_EXCEEDED);

    private static final Map<ErrorCode, Map<String, Object>> EXAMPLE_PROPERTIES = Map.of(
            ErrorCode.INVALID_REQUEST, Map.of("errors", List.of("context.userId must not be blank")),
            ErrorCode.POSITION_MISMATCH, Map.of("position", 12),
            ErrorCode.CONTENT_TOO_LARGE, Map.of("maxContentChars", 262_144),
            ErrorCode.CLIENT_BUDGET_EXCEEDED, Map.of("maxClientChars", 26_843_545),
            ErrorCode.UNSUPPORTED_MEDIA_TYPE, Map.of("accepted", "application/json"));

    /** RFC 9457 problem details, as every error of the API is written, with the members the API adds. */
    private static Schema<Object> problemSchema() {
        Schema<Object> code = schema("string").description("The reason, in the API's words: what a client switches on");
        for (ErrorCode each : ErrorCode.values()) {
            code.addEnumItemObject(each.code());
        }
        Schema<Object> problem = schema("object")
                .description("An error, as application/problem+json (RFC 9457); `code` says which")
                .addProperty(
                        "type",
                        schema("string")
                                .format("uri")
                                .description("The problem type; one per code")
                                .example("https://streamguard.io/problems/position-mismatch"))
                .addProperty(
                        "title",
                        schema("string").description("The code's title").example("Position mismatch"))
                .addProperty(
                        "status",
                        schema("integer")
                                .format("int32")
                                .description("The HTTP status")
                                .example(409))
                .addProperty("detail", schema("string").description("What went wrong and what to do, for people"))
                .addProperty("code", code.example("position_mismatch"))
                .addProperty(
                        "position",
                        schema("integer")
                                .format("int32")
                                .minimum(BigDecimal.ZERO)
                                .description("position_mismatch: the server's position, where the next delta goes"))
                .addProperty(
                        "maxContentChars",
                        schema("integer")
                                .format("int32")
                                .description("content_too_large: the most characters one message may have"))
                .addProperty(
                        "maxClientChars",
                        schema("integer")
                                .format("int64")
                                .description("client_budget_exceeded: the characters this client's streams may hold"
                                        + " on the node that owns the stream"))
                .addProperty(
                        "maxChecksPerSecond",
                        schema("integer").format("int32").description("rate_limited on /v1/check: the client's rate"))
                .addProperty(
                        "errors",
                        schema("array")
                                .items(schema("string"))
                                .description("invalid_request: each field that was refused, and why"))
                .addProperty(
                        "parameter",
                        schema("string").description("invalid_request: the query parameter or path variable refused"))
                .addProperty(
                        "accepted", schema("string").description("unsupported_media_type: the media type to send"));
        problem.setRequired(List.of("type", "title", "status", "detail", "code"));
        return problem;
    }

    private static void examples(Map<String, Schema> schemas) {
        property(schemas, "StreamContext.userId").ifPresent(p -> p.setExample("u-42"));
        property(schemas, "StreamContext.botId").ifPresent(p -> p.setExample("support-bot"));
        property(schemas, "StreamContext.sessionId").ifPresent(p -> p.setExample("tab-7f3a"));
        property(schemas, "UpdateRequest.streamId").ifPresent(p -> p.setExample("Jr0bm3Ltq0c2Gv9pX1sWk4ZbQy8NfA2e"));
        property(schemas, "UpdateRequest.delta").ifPresent(p -> p.setExample(" and the key is xoxb-"));
        property(schemas, "UpdateRequest.position").ifPresent(p -> p.setExample(12));
        property(schemas, "CheckRequest.content").ifPresent(p -> p.setExample("My card is 4111 1111 1111 1111"));
    }

    /** The values a text field takes, as the JSON spells them; its description stays. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void enumerate(Map<String, Schema> schemas, List<String> values, String... properties) {
        for (String qualified : properties) {
            property(schemas, qualified).ifPresent(property -> {
                property.setEnum(null);
                values.forEach(property::addEnumItemObject);
            });
        }
    }

    @SuppressWarnings("rawtypes")
    private static java.util.Optional<Schema> property(Map<String, Schema> schemas, String qualified) {
        int dot = qualified.indexOf('.');
        Schema owner = schemas.get(qualified.substring(0, dot));
        if (owner == null || owner.getProperties() == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.ofNullable((Schema) owner.getProperties().get(qualified.substring(dot + 1)));
    }

    @SuppressWarnings("rawtypes")
    private static void dropZeroMinLength(@Nullable Schema schema) {
        if (schema == null) {
            return;
        }
        if (schema.getExtensions() != null && schema.getExtensions().remove(NOT_BLANK) != null) {
            schema.setMinLength(1);
            if (schema.getExtensions().isEmpty()) {
                schema.setExtensions(null);
            }
        } else if (Integer.valueOf(0).equals(schema.getMinLength())) {
            schema.setMinLength(null);
        }
        if (schema.getProperties() != null) {
            for (Object property : schema.getProperties().values()) {
                dropZeroMinLength((Schema) property);
            }
        }
        dropZeroMinLength(schema.getItems());
    }

    private static Schema<Object> enumSchema(List<String> values) {
        Schema<Object> schema = schema("string");
        values.forEach(schema::addEnumItemObject);
        return schema;
    }

    /** A schema of the 3.1 document springdoc writes: there the type is a set, and `type` alone is not written. */
    private static Schema<Object> schema(String type) {
        Schema<Object> schema = new Schema<>();
        schema.setSpecVersion(SpecVersion.V31);
        schema.setType(type);
        schema.setTypes(new LinkedHashSet<>(List.of(type)));
        return schema;
    }

    @SuppressWarnings("rawtypes")
    private static Schema ref(String name) {
        Schema<Object> schema = new Schema<>();
        schema.setSpecVersion(SpecVersion.V31);
        schema.set$ref(REF + name);
        return schema;
    }

    private static @Nullable Parameter parameter(Operation operation, String name) {
        if (operation.getParameters() == null) {
            return null;
        }
        return operation.getParameters().stream()
                .filter(p -> name.equals(p.getName()))
                .findFirst()
                .orElse(null);
    }
}
