package io.streamguard.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the API, as the plugin and automation use it: no Spring in between. */
public final class ApiTestClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;

    public ApiTestClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public record Response(int status, String contentType, JsonNode body, HttpResponse<String> raw) {}

    public static String bearer(String apiKey) {
        return "Bearer " + apiKey;
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public Response get(String path, String authorization) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), authorization);
    }

    /** A GET with extra headers, e.g. {@code X-Forwarded-For} as a proxy would set it. */
    public Response get(String path, String authorization, java.util.Map<String, String> headers) {
        var request = HttpRequest.newBuilder(URI.create(baseUrl + path)).GET();
        headers.forEach(request::header);
        return send(request, authorization);
    }

    /** The body as text, whatever its type (metrics, CSV). */
    public String getText(String path) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(baseUrl + path))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response post(String path, String authorization, Object body) {
        String json = body instanceof String s ? s : JSON.writeValueAsString(body);
        return send(
                HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)),
                authorization);
    }

    public Response put(String path, String authorization, Object body) {
        return send(
                HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))),
                authorization);
    }

    public Response delete(String path, String authorization) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE(), authorization);
    }

    private Response send(HttpRequest.Builder request, String authorization) {
        if (authorization != null && !authorization.isEmpty()) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            JsonNode node = body == null || body.isBlank() || !contentType.contains("json")
                    ? JSON.nullNode()
                    : JSON.readTree(body);
            return new Response(response.statusCode(), contentType, node, response);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
