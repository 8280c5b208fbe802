package io.tidegate.cli;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Asks a running gateway how it is, through the console's REST API ({@code GET /api/overview}),
 * with the read-only API token the gateway keeps in its data folder.
 * Exit code 0: all well; 2: reachable but something needs attention (a device not UP, an uplink
 * offline, the store alarm); 1: the gateway could not be asked.
 */
@Command(name = "status", description = "Ask a running gateway: uplink, buffer, drops, store alarm, device health.")
final class StatusCommand implements Callable<Integer> {
    static final int ATTENTION = 2;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Option(names = "--data", defaultValue = "tidegate-data",
            description = "The gateway's data folder, for its console address and API token (default ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--url", description = "The console's address, e.g. http://127.0.0.1:8080/ (default: the one the"
            + " running gateway wrote to <data>/console/url).")
    URI url;

    @Option(names = "--token-file", description = "File holding the API token (default <data>/console/api-token);"
            + " or set TIDEGATE_API_TOKEN.")
    Path tokenFile;

    @Override
    public Integer call() {
        return run(System.out, System.err);
    }

    int run(PrintStream out, PrintStream err) {
        URI base;
        String token;
        if (url == null && !Files.exists(data.resolve("console").resolve("url"))
                && Files.exists(data.resolve("demo").resolve("console").resolve("url"))) {
            data = data.resolve("demo"); // `tidegate demo` keeps its state in tidegate-data/demo
        }
        try {
            base = url != null ? url : URI.create(Files.readString(data.resolve("console").resolve("url")).trim());
        } catch (IOException e) {
            err.println("tidegate status: no console address in " + data.resolve("console").resolve("url")
                    + " (is the gateway running with --data " + data + "?); give --url");
            return 1;
        }
        try {
            String env = System.getenv("TIDEGATE_API_TOKEN");
            token = tokenFile == null && env != null && !env.isBlank() ? env.trim()
                    : Files.readString(tokenFile != null ? tokenFile : data.resolve("console").resolve("api-token")).trim();
        } catch (IOException e) {
            err.println("tidegate status: cannot read the API token: " + e.getMessage()
                    + " (run as the gateway's user, give --token-file, or set TIDEGATE_API_TOKEN)");
            return 1;
        }
        HttpResponse<String> response;
        URI overview = base.resolve("/api/overview");
        try {
            HttpClient http = ConsoleTrust.client(base, data);
            response = http.send(HttpRequest.newBuilder(overview).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            err.println("tidegate status: no answer from " + overview + ": " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        if (response.statusCode() == 401) {
            err.println("tidegate status: " + overview + " refused the API token (a token from another gateway?)");
            return 1;
        }
        if (response.statusCode() != 200) {
            err.println("tidegate status: " + overview + " answered HTTP " + response.statusCode() + ": " + response.body());
            return 1;
        }
        return render(parse(response.body()), base, out);
    }

    /** JSON is YAML: SnakeYAML (already on the classpath for profiles) reads the answer. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String json) {
        return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(json);
    }

    /** Prints the overview for a person; returns the exit code. */
    @SuppressWarnings("unchecked")
    static int render(Map<String, Object> o, URI base, PrintStream out) {
        boolean attention = false;
        out.printf("gateway  %s  (%s)%n", o.get("gatewayId"), base);
        List<Map<String, Object>> uplinks = (List<Map<String, Object>>) o.get("uplinks");
        if (uplinks.isEmpty()) {
            out.println("uplink   none running");
            attention = true;
        }
        for (Map<String, Object> u : uplinks) {
            boolean connected = Boolean.TRUE.equals(u.get("connected"));
            attention |= !connected;
            String error = String.valueOf(u.get("lastError"));
            out.printf("uplink   %s: %s%s%n", u.get("name"), connected ? "online" : "OFFLINE",
                    connected || error.isEmpty() ? "" : " (" + error + ")");
        }
        Map<String, Object> samples = (Map<String, Object>) o.get("samples");
        out.printf("samples  read %s, stored %s, forwarded %s, dropped %s%n", samples.get("read"), samples.get("stored"),
                samples.get("forwarded"), samples.get("dropped"));
        Map<String, Object> buffer = (Map<String, Object>) o.get("buffer");
        Object age = buffer.get("oldestPendingAgeSeconds");
        out.printf("buffer   %s waiting on disk (%s in flight)%s%n", buffer.get("pending"), buffer.get("inFlight"),
                age instanceof Number n ? String.format(", the oldest taken %.1f s ago", n.doubleValue()) : "");
        boolean alarm = Boolean.TRUE.equals(o.get("storeAlarm"));
        attention |= alarm;
        out.println("store    " + (alarm ? "ALARM: the store refuses readings (disk full or database failing)" : "ok"));
        for (Map<String, Object> d : (List<Map<String, Object>>) o.get("devices")) {
            String state = String.valueOf(d.get("state"));
            boolean up = state.equals("UP");
            attention |= !up;
            String since = d.get("since") == null ? "" : " since " + TIME.format(Instant.parse(String.valueOf(d.get("since"))));
            out.printf("device   %-16s %s%s%s%n", d.get("id"), state, up ? "" : since,
                    up ? "" : " (" + d.get("lastError") + ")");
        }
        return attention ? ATTENTION : 0;
    }
}
