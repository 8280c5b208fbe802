package io.tidegate.console.internal;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A zip an installer downloads and sends to support: the overview and live values, the metrics,
 * the bundles and their states, and the site profile with its CSV register maps. Secrets are never
 * in it: the console's own files (password hash, tokens) are not read, files named by a profile
 * (an MQTT password file) are not followed, and any profile value under a key that names a
 * secret is replaced, in case one was written there against the rules.
 */
final class DiagnosticsBundle {
    static final String REMOVED = "<removed>";
    /**
     * A YAML key (or flow-map key) naming a secret, and its value up to the end of the line, the
     * next comma or a comment. Comments are redacted too: a secret noted in one is still a secret.
     */
    private static final Pattern SECRET_VALUE = Pattern.compile(
            "(?i)(\\b[\\w.-]*(?:password|passwd|secret|token|private[_-]?key|credential)[\\w.-]*\\s*:[ \\t]*)(?!#)([^,}\\n#]*[^,}\\n#\\s])");

    private final GatewayView view;
    private final PrometheusMetrics metrics;
    private final BundleContext context;
    private final Path profile;
    private final Path consoleDir;
    private final LogFiles logs;

    DiagnosticsBundle(GatewayView view, PrometheusMetrics metrics, BundleContext context, Path profile) {
        this(view, metrics, context, profile, null, new LogFiles(null));
    }

    DiagnosticsBundle(GatewayView view, PrometheusMetrics metrics, BundleContext context, Path profile,
                      Path consoleDir, LogFiles logs) {
        this.view = view;
        this.metrics = metrics;
        this.context = context;
        this.profile = profile;
        this.consoleDir = consoleDir;
        this.logs = logs;
    }

    void write(OutputStream out) throws IOException {
        // Learnt afresh each time: a password file may have changed since the last download.
        SecretScrubber scrubber = SecretScrubber.of(profile, consoleDir);
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            entry(zip, scrubber, "README.txt", "Tidegate diagnostics, " + Instant.now() + ".\nSecrets are not included: the"
                    + " console's password hash and tokens are left out, files a profile names (such as an MQTT"
                    + " password file) are not copied, values under keys naming a secret read " + REMOVED + ", and the"
                    + " logs (logs/) have every known secret value replaced by " + REMOVED + ".\n");
            entry(zip, scrubber, "overview.json", Json.write(view.overview()));
            entry(zip, scrubber, "devices.json", Json.write(view.devices()));
            entry(zip, scrubber, "metrics.txt", metrics.render());
            entry(zip, scrubber, "bundles.txt", bundles());
            if (profile != null && Files.isRegularFile(profile)) {
                entry(zip, scrubber, "profile/" + profile.getFileName(), redact(Files.readString(profile, StandardCharsets.UTF_8)));
                // The register maps beside it: the CSV files only, never other files of the folder.
                try (DirectoryStream<Path> csvs = Files.newDirectoryStream(profile.toAbsolutePath().getParent(), "*.csv")) {
                    for (Path csv : csvs) {
                        entry(zip, scrubber, "profile/" + csv.getFileName(), redact(Files.readString(csv, StandardCharsets.UTF_8)));
                    }
                }
            }
            // The gateway's log, scrubbed like the rest: a library may print what no rule of ours allows.
            for (Path log : logs.files()) {
                zip.putNextEntry(new ZipEntry("logs/" + log.getFileName()));
                LogFiles.tail(log, line -> zip.write((scrubber.scrub(line) + "\n").getBytes(StandardCharsets.UTF_8)));
                zip.closeEntry();
            }
        }
    }

    /** The profile text with the value of every key that names a secret replaced. */
    static String redact(String text) {
        Matcher m = SECRET_VALUE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            // A key naming a file of a secret (passwordFile) holds a path, not the secret: keep it.
            String name = key.replaceAll("\\s*:\\s*$", "");
            m.appendReplacement(out, Matcher.quoteReplacement(name.toLowerCase().endsWith("file") ? m.group() : key + REMOVED));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String bundles() {
        StringBuilder out = new StringBuilder();
        for (Bundle bundle : context.getBundles()) {
            out.append(bundle.getBundleId()).append(' ').append(bundle.getSymbolicName()).append(' ')
                    .append(bundle.getVersion()).append(' ').append(state(bundle.getState())).append('\n');
        }
        return out.toString();
    }

    private static String state(int state) {
        return switch (state) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            default -> "STATE_" + state;
        };
    }

    private static void entry(ZipOutputStream zip, SecretScrubber scrubber, String name, String text)
            throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(scrubber.scrub(text).getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
