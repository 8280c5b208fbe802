package io.tidegate.console.internal;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The console's one servlet: the static pages, the REST API under {@code /api/} and the Prometheus
 * endpoint {@code /metrics}. Every API request but {@code GET /api/session} needs a logged-in session
 * (or, for reading, the API token as a bearer token); every state-changing request needs the
 * session's CSRF token in the {@value #CSRF_HEADER} header.
 */
final class ConsoleServlet extends HttpServlet {
    static final String SESSION_COOKIE = "tidegate_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = System.getLogger(ConsoleServlet.class.getName());
    private static final Map<String, String> STATIC = Map.of(
            "/", "index.html", "/index.html", "index.html", "/app.js", "app.js", "/style.css", "style.css",
            "/commissioning.js", "commissioning.js", "/ops.js", "ops.js");

    private final transient Credentials credentials;
    private final transient Sessions sessions;
    private final transient LoginThrottle throttle;
    private final transient GatewayView view;
    private final transient PrometheusMetrics metrics;
    private final transient DiagnosticsBundle diagnostics;
    /** Configuration editing and the audit log: their own class. */
    private final transient CommissioningApi commissioning;
    /** Events, "test connection" and discovery: their own class; null when not wired (unit tests). */
    private final transient OpsRoutes ops;
    /** Under HTTPS the session cookie is marked Secure, so a browser never sends it over plain HTTP. */
    private final boolean secureCookie;

    ConsoleServlet(Credentials credentials, Sessions sessions, LoginThrottle throttle, GatewayView view,
                   PrometheusMetrics metrics, DiagnosticsBundle diagnostics, CommissioningApi commissioning,
                   OpsRoutes ops, boolean secureCookie) {
        this.commissioning = commissioning;
        this.ops = ops;
        this.secureCookie = secureCookie;
        this.credentials = credentials;
        this.sessions = sessions;
        this.throttle = throttle;
        this.view = view;
        this.metrics = metrics;
        this.diagnostics = diagnostics;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
        String path = path(req);
        String method = req.getMethod();
        try {
            if (method.equals("GET") && STATIC.containsKey(path)) {
                serveStatic(STATIC.get(path), resp);
            } else if (path.equals("/api/session") && method.equals("GET")) {
                session(req, resp);
            } else if (path.equals("/metrics") || path.startsWith("/api/")) {
                api(req, resp, path, method);
            } else {
                error(resp, 404, "no such page: " + path);
            }
        } catch (LiveSite.EngineRestarting e) {
            error(resp, 503, e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "console request " + method + " " + path + " failed", e);
            error(resp, 500, "the gateway could not answer: " + e.getClass().getSimpleName());
        }
    }

    private void api(HttpServletRequest req, HttpServletResponse resp, String path, String method) throws IOException {
        Optional<Sessions.Session> session = session(req);
        boolean reading = method.equals("GET") || method.equals("HEAD");
        boolean loggedIn = session.map(s -> s.authenticated).orElse(false);
        boolean bearer = reading && credentials.isApiToken(bearerToken(req));
        boolean anonymousForm = path.equals("/api/login") || path.equals("/api/setup");
        if (!loggedIn && !bearer && !anonymousForm) {
            error(resp, 401, "log in first");
            return;
        }
        if (!reading) {
            // State changes only from the console's own page: the session's CSRF token must come back.
            String sent = req.getHeader(CSRF_HEADER);
            if (session.isEmpty() || sent == null || !java.security.MessageDigest.isEqual(
                    sent.getBytes(StandardCharsets.UTF_8), session.get().csrfToken.getBytes(StandardCharsets.UTF_8))) {
                error(resp, 403, "missing or wrong CSRF token (header " + CSRF_HEADER + "); reload the page");
                return;
            }
        }
        if (CommissioningApi.handles(method + " " + path)) {
            commissioning.handle(req, resp, method + " " + path);
            return;
        }
        switch (method + " " + path) {
            case "GET /api/overview" -> json(resp, 200, view.overview());
            case "GET /api/devices" -> json(resp, 200, Map.of("devices", view.devices()));
            case "GET /metrics" -> {
                resp.setContentType(PrometheusMetrics.CONTENT_TYPE);
                resp.setHeader("Cache-Control", "no-store");
                resp.getWriter().write(metrics.render());
            }
            case "GET /api/diagnostics" -> {
                String name = "tidegate-diagnostics-" + view.gatewayId().replaceAll("[^A-Za-z0-9_.-]", "_") + "-"
                        + java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
                resp.setContentType("application/zip");
                resp.setHeader("Content-Disposition", "attachment; filename=\"" + name + ".zip\"");
                resp.setHeader("Cache-Control", "no-store");
                diagnostics.write(resp.getOutputStream());
            }
            case "POST /api/setup" -> setup(req, resp, session.get());
            case "POST /api/login" -> login(req, resp, session.get());
            case "POST /api/logout" -> {
                sessions.end(session.get().id);
                clearCookie(resp);
                json(resp, 200, Map.of("authenticated", false));
            }
            default -> {
                if (ops == null || !ops.handle(method, path, req, resp)) {
                    error(resp, path.startsWith("/api/") ? 404 : 405, "no such request: " + method + " " + path);
                }
            }
        }
    }

    /** Tells the page where it stands, and hands out an anonymous session with its CSRF token. */
    private void session(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Sessions.Session session = session(req).orElseGet(() -> {
            Sessions.Session created = sessions.create(false);
            setCookie(resp, created);
            return created;
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("authenticated", session.authenticated);
        out.put("setupRequired", credentials.setupRequired());
        out.put("csrfToken", session.csrfToken);
        out.put("timeoutSeconds", sessions.timeoutSeconds());
        json(resp, 200, out);
    }

    private void setup(HttpServletRequest req, HttpServletResponse resp, Sessions.Session session) throws IOException {
        String source = req.getRemoteAddr();
        long wait = throttle.waitMillis(source);
        if (wait > 0) {
            tooMany(resp, wait);
            return;
        }
        char[] password = parameter(req, "password");
        try {
            credentials.setUp(req.getParameter("token"), password);
        } catch (IllegalStateException e) {
            error(resp, 409, e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            if (e.getMessage().startsWith("the setup token")) {
                // A wrong token is a guess like a wrong password: slowed down the same way.
                throttle.failed(source);
            }
            error(resp, 400, e.getMessage());
            return;
        } finally {
            PasswordHash.wipe(password);
        }
        throttle.succeeded(source);
        LOG.log(Level.INFO, "console password set from {0}", source);
        startSession(resp, session);
    }

    private void login(HttpServletRequest req, HttpServletResponse resp, Sessions.Session session) throws IOException {
        if (credentials.setupRequired()) {
            error(resp, 409, "no password is set yet: set one with the setup token first");
            return;
        }
        String source = req.getRemoteAddr();
        long wait = throttle.waitMillis(source);
        if (wait > 0) {
            tooMany(resp, wait);
            return;
        }
        char[] password = parameter(req, "password");
        boolean ok;
        try {
            ok = credentials.checkPassword(password);
        } finally {
            PasswordHash.wipe(password);
        }
        if (!ok) {
            throttle.failed(source);
            LOG.log(Level.WARNING, "console login failed from {0}", source);
            error(resp, 401, "wrong password");
            return;
        }
        throttle.succeeded(source);
        LOG.log(Level.INFO, "console login from {0}", source);
        startSession(resp, session);
    }

    /** A fresh authenticated session; the anonymous one ends, so a planted session id is worthless. */
    private void startSession(HttpServletResponse resp, Sessions.Session anonymous) throws IOException {
        sessions.end(anonymous.id);
        Sessions.Session session = sessions.create(true);
        setCookie(resp, session);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("authenticated", true);
        out.put("csrfToken", session.csrfToken);
        json(resp, 200, out);
    }

    private static void tooMany(HttpServletResponse resp, long waitMillis) throws IOException {
        long seconds = (waitMillis + 999) / 1000;
        resp.setHeader("Retry-After", Long.toString(seconds));
        error(resp, 429, "too many failed attempts from this address: wait " + seconds + " s");
    }

    private Optional<Sessions.Session> session(HttpServletRequest req) {
        Cookie[] cookies = req.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (cookie.getName().equals(SESSION_COOKIE)) {
                    return sessions.find(cookie.getValue());
                }
            }
        }
        return Optional.empty();
    }

    private void setCookie(HttpServletResponse resp, Sessions.Session session) {
        // Servlet 3.1's Cookie has no SameSite, so the header is written by hand.
        resp.addHeader("Set-Cookie", SESSION_COOKIE + "=" + session.id + "; Path=/; HttpOnly; SameSite=Strict"
                + (secureCookie ? "; Secure" : ""));
    }

    private void clearCookie(HttpServletResponse resp) {
        resp.addHeader("Set-Cookie", SESSION_COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
                + (secureCookie ? "; Secure" : ""));
    }

    private static String bearerToken(HttpServletRequest req) {
        String auth = req.getHeader("Authorization");
        return auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
    }

    private static char[] parameter(HttpServletRequest req, String name) {
        String value = req.getParameter(name);
        return value == null ? new char[0] : value.toCharArray();
    }

    private static String path(HttpServletRequest req) {
        String uri = req.getRequestURI();
        String context = req.getContextPath();
        String path = context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri;
        return path.isEmpty() ? "/" : path;
    }

    private void serveStatic(String name, HttpServletResponse resp) throws IOException {
        try (InputStream in = ConsoleServlet.class.getResourceAsStream("/io/tidegate/console/web/" + name)) {
            if (in == null) {
                error(resp, 404, "missing page " + name);
                return;
            }
            resp.setContentType(name.endsWith(".js") ? "text/javascript; charset=utf-8"
                    : name.endsWith(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8");
            resp.setHeader("Cache-Control", "no-cache");
            in.transferTo(resp.getOutputStream());
        }
    }

    private static void json(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json; charset=utf-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getOutputStream().write(Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    private static void error(HttpServletResponse resp, int status, String message) throws IOException {
        json(resp, status, Map.of("error", message));
    }
}
