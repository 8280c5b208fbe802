package io.tidegate.runtime;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser-like client of the installer console's REST API, for tests: it keeps the session cookie
 * and the CSRF token the way the console's page does, and can leave either out on purpose.
 */
final class ConsoleClient {
    private static final Pattern SESSION_COOKIE = Pattern.compile("tidegate_session=([^;]*)");

    private final HttpClient http;
    private final URI base;
    private String cookie;
    private String csrf;

    ConsoleClient(int port) {
        this(URI.create("http://127.0.0.1:" + port), HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
    }

    /** A client of a console elsewhere, e.g. over HTTPS with a client that trusts the gateway's certificate. */
    ConsoleClient(URI base, HttpClient http) {
        this.base = base;
        this.http = http;
    }

    /** GET /api/session: takes the session cookie and CSRF token it hands out. */
    HttpResponse<String> openSession() throws IOException, InterruptedException {
        HttpResponse<String> r = get("/api/session");
        takeCookie(r);
        csrf = field(r.body(), "csrfToken");
        return r;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> getWithBearer(String path, String token) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postWithBearer(String path, String token) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A form POST with the session's CSRF token, as the console's page sends it. */
    HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
        HttpResponse<String> r = send(request(path).header("X-CSRF-Token", csrf == null ? "" : csrf)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(body(form)));
        takeCookie(r);
        if (r.statusCode() == 200 && r.body().contains("\"csrfToken\"")) {
            csrf = field(r.body(), "csrfToken");
        }
        return r;
    }

    /** The same POST without the CSRF header, as a cross-site form would send it. */
    HttpResponse<String> postWithoutCsrf(String path, Map<String, String> form) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded").POST(body(form)));
    }

    String cookie() {
        return cookie;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            b.header("Cookie", "tidegate_session=" + cookie);
        }
        return b;
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private void takeCookie(HttpResponse<String> r) {
        for (String header : r.headers().allValues("Set-Cookie")) {
            Matcher m = SESSION_COOKIE.matcher(header);
            if (m.find()) {
                cookie = m.group(1).isEmpty() ? null : m.group(1);
            }
        }
    }

    private static HttpRequest.BodyPublisher body(Map<String, String> form) {
        return HttpRequest.BodyPublishers.ofString(form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
    }

    /** A string field of a flat JSON answer, or null. */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : null;
    }

    /** The raw JSON value (number, true, false, null) of a point's {@code value} in an /api/devices answer. */
    static String pointValue(String devicesJson, String pointId) {
        Matcher m = Pattern.compile("\"id\":\"" + Pattern.quote(pointId) + "\"[^}]*?\"value\":([^,}]+)")
                .matcher(devicesJson);
        return m.find() ? m.group(1) : null;
    }
}
