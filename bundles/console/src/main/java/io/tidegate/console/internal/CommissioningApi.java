package io.tidegate.console.internal;

import io.tidegate.api.Commissioning;
import io.tidegate.api.Commissioning.Change;
import io.tidegate.api.Commissioning.DeviceEdit;
import io.tidegate.api.Commissioning.Problem;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The configuration-editing half of the REST API ({@code /api/config/...}, {@code /api/audit}):
 * turns form fields into a {@link Commissioning} change and its problems into JSON naming the form
 * field, or the register map's row and column. Authentication and CSRF are the servlet's business,
 * done before a request gets here.
 */
final class CommissioningApi {
    static final double DEFAULT_CONFIRM_MINUTES = 5;
    private static final int AUDIT_LIMIT = 200;

    private final Supplier<Commissioning> commissioning;

    CommissioningApi(Supplier<Commissioning> commissioning) {
        this.commissioning = commissioning;
    }

    /** True when this class answers the request. */
    static boolean handles(String request) {
        return switch (request) {
            case "GET /api/config", "POST /api/config/check", "POST /api/config/test-read", "POST /api/config/apply",
                 "POST /api/config/confirm", "GET /api/audit" -> true;
            default -> false;
        };
    }

    void handle(HttpServletRequest req, HttpServletResponse resp, String request) throws IOException {
        Commissioning c = commissioning.get();
        if (c == null) {
            json(resp, 503, Map.of("error", "configuration editing is not available: the gateway is still starting,"
                    + " or it does not run from a site profile file (Kura)"));
            return;
        }
        String who = "console@" + req.getRemoteAddr();
        switch (request) {
            case "GET /api/config" -> json(resp, 200, profile(c));
            case "GET /api/audit" -> json(resp, 200, Map.of("entries", c.audit(limit(req)).stream()
                    .map(CommissioningApi::audit).toList()));
            case "POST /api/config/confirm" -> {
                if (c.confirm(who)) {
                    json(resp, 200, Map.of("confirmed", true));
                } else {
                    json(resp, 409, Map.of("error", "no change is waiting for a confirm (it may have been reverted)"));
                }
            }
            default -> {
                Parsed parsed = change(req);
                if (!parsed.problems.isEmpty()) {
                    problems(resp, parsed.problems);
                    return;
                }
                switch (request) {
                    case "POST /api/config/check" -> {
                        List<Problem> problems = c.check(parsed.change);
                        if (problems.isEmpty()) {
                            json(resp, 200, Map.of("valid", true));
                        } else {
                            problems(resp, problems);
                        }
                    }
                    case "POST /api/config/test-read" -> testRead(c, req, resp, parsed.change);
                    default -> apply(c, req, resp, parsed.change, who);
                }
            }
        }
    }

    private static void testRead(Commissioning c, HttpServletRequest req, HttpServletResponse resp, Change change)
            throws IOException {
        if (!(change instanceof DeviceEdit device)) {
            json(resp, 400, Map.of("error", "a test read needs a device (change=device)"));
            return;
        }
        String point = req.getParameter("point");
        Commissioning.TestRead read = c.testRead(device, point == null || point.isBlank() ? List.of() : List.of(point));
        if (!read.problems().isEmpty()) {
            problems(resp, read.problems());
            return;
        }
        List<Map<String, Object>> readings = new ArrayList<>();
        for (Commissioning.Reading r : read.readings()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", r.pointId());
            m.put("value", r.value());
            m.put("quality", r.quality());
            m.put("reason", r.reason());
            m.put("timestamp", Instant.ofEpochMilli(r.timestamp()).toString());
            readings.add(m);
        }
        json(resp, 200, Map.of("readings", readings));
    }

    private static void apply(Commissioning c, HttpServletRequest req, HttpServletResponse resp, Change change,
                              String who) throws IOException {
        String minutesText = req.getParameter("confirmMinutes");
        double minutes;
        try {
            minutes = minutesText == null || minutesText.isBlank() ? DEFAULT_CONFIRM_MINUTES
                    : Double.parseDouble(minutesText.trim());
            if (minutes < 0 || minutes > 24 * 60 || Double.isNaN(minutes)) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            problems(resp, List.of(new Problem("confirmMinutes", 0, "", "'" + minutesText
                    + "' is not a number of minutes from 0 (no confirm) to 1440")));
            return;
        }
        Commissioning.Outcome outcome = c.apply(change, who, Duration.ofMillis(Math.round(minutes * 60_000)));
        if (!outcome.applied()) {
            problems(resp, outcome.problems());
            return;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("applied", true);
        out.put("pending", outcome.pending().map(CommissioningApi::pending).orElse(null));
        json(resp, 200, out);
    }

    private static Map<String, Object> profile(Commissioning c) {
        Commissioning.ProfileView view = c.profile();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("gatewayId", view.gatewayId());
        List<Map<String, Object>> devices = new ArrayList<>();
        for (Commissioning.DeviceView d : view.devices()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id());
            m.put("driver", d.driver());
            m.put("interval", d.interval());
            m.put("settings", d.settings());
            m.put("points", d.pointsCsv());
            devices.add(m);
        }
        out.put("devices", devices);
        out.put("uplink", view.uplink());
        out.put("pending", c.pending().map(CommissioningApi::pending).orElse(null));
        return out;
    }

    private static Map<String, Object> pending(Commissioning.Pending p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("summary", p.summary());
        m.put("who", p.who());
        m.put("appliedAt", Instant.ofEpochMilli(p.appliedAt()).toString());
        m.put("revertAt", Instant.ofEpochMilli(p.revertAt()).toString());
        return m;
    }

    private static Map<String, Object> audit(Commissioning.AuditRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("time", Instant.ofEpochMilli(r.time()).toString());
        m.put("kind", r.kind());
        m.put("who", r.who());
        m.put("what", r.what());
        m.put("outcome", r.outcome());
        m.put("reason", r.reason());
        return m;
    }

    private record Parsed(Change change, List<Problem> problems) {
    }

    /** The change a form describes: {@code change} is {@code device}, {@code remove} or {@code uplink}. */
    static Parsed change(HttpServletRequest req) {
        String kind = req.getParameter("change");
        if ("remove".equals(kind)) {
            return new Parsed(new Commissioning.DeviceRemoval(text(req, "id")), List.of());
        }
        if ("uplink".equals(kind)) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String name : java.util.Collections.list(req.getParameterNames())) {
                if (name.startsWith("uplink.")) {
                    fields.put(name.substring("uplink.".length()), req.getParameter(name));
                }
            }
            return new Parsed(new Commissioning.UplinkEdit(fields), List.of());
        }
        if (!"device".equals(kind)) {
            return new Parsed(null, List.of(new Problem("change", 0, "", "change must be device, remove or uplink")));
        }
        List<Problem> problems = new ArrayList<>();
        Map<String, String> settings = settings(req.getParameter("settings"), problems);
        String original = req.getParameter("originalId");
        return new Parsed(new DeviceEdit(original == null || original.isBlank() ? null : original.trim(),
                text(req, "id"), text(req, "driver"), text(req, "interval"), settings, req.getParameter("points")),
                problems);
    }

    /** Settings as the form writes them: one {@code key: value} (or {@code key=value}) per line. */
    static Map<String, String> settings(String text, List<Problem> problems) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (text == null) {
            return settings;
        }
        String[] lines = text.split("\r\n|\r|\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            int equals = line.indexOf('=');
            int at = colon < 0 ? equals : equals < 0 ? colon : Math.min(colon, equals);
            if (at <= 0) {
                problems.add(new Problem("settings", i + 1, "", "line " + (i + 1) + ": '" + line
                        + "' is not key: value (e.g. host: 10.0.0.5)"));
                continue;
            }
            String key = line.substring(0, at).trim();
            if (settings.containsKey(key)) {
                problems.add(new Problem("settings", i + 1, "", "line " + (i + 1) + ": " + key + " is given twice"));
            }
            settings.put(key, line.substring(at + 1).trim());
        }
        return settings;
    }

    private static String text(HttpServletRequest req, String name) {
        String value = req.getParameter(name);
        return value == null ? "" : value.trim();
    }

    private static int limit(HttpServletRequest req) {
        try {
            int limit = Integer.parseInt(req.getParameter("limit"));
            return Math.max(1, Math.min(limit, 1000));
        } catch (NumberFormatException e) {
            return AUDIT_LIMIT;
        }
    }

    private static void problems(HttpServletResponse resp, List<Problem> problems) throws IOException {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Problem p : problems) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("field", p.field());
            m.put("row", p.row());
            m.put("column", p.column());
            m.put("message", p.message());
            list.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", problems.size() == 1 ? "1 problem: " + problems.get(0).message()
                : problems.size() + " problems; nothing was changed");
        out.put("problems", list);
        json(resp, 400, out);
    }

    private static void json(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json; charset=utf-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getOutputStream().write(Json.write(body).getBytes(StandardCharsets.UTF_8));
    }
}
