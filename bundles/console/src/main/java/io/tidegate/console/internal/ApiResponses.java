package io.tidegate.console.internal;

import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON answers of the console's API, as {@link ConsoleServlet} writes them. */
final class ApiResponses {
    private ApiResponses() {
    }

    static void json(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json; charset=utf-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getOutputStream().write(Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    static void error(HttpServletResponse resp, int status, String message) throws IOException {
        json(resp, status, Map.of("error", message));
    }

    /** A 400 naming the form field that is wrong, so the page can show the error next to it. */
    static void fieldError(HttpServletResponse resp, String field, String message) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("field", field);
        json(resp, 400, body);
    }
}
