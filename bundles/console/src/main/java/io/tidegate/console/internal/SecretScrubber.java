package io.tidegate.console.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from text bound for the diagnostics bundle (logs above all, which no rule can
 * keep clean of what a library prints): first every known secret value wherever it stands (the
 * contents of the password files the profile names, the console's tokens), then the value after any
 * key that names a secret ({@code password: x}, {@code password=x}), then the setup token in the
 * console's own log line. The secret files are read only to know what to remove; they never go in.
 */
final class SecretScrubber {
    /** {@code passwordFile: path} (and keyPasswordFile, ...) in a profile, with the path. */
    private static final Pattern SECRET_FILE = Pattern.compile(
            "(?i)\\b[\\w.-]*(?:password|secret|token)[\\w.-]*file\\s*:[ \\t]*['\"]?([^'\"#,}\\n]+?)['\"]?\\s*(?:#.*)?$",
            Pattern.MULTILINE);
    /** {@code key=value} where the key names a secret; the YAML form is {@link DiagnosticsBundle#redact}'s. */
    private static final Pattern SECRET_ASSIGNMENT = Pattern.compile(
            "(?i)(\\b[\\w.-]*(?:password|passwd|secret|token|private[_-]?key|credential)[\\w.-]*\\s*=\\s*)([^\\s,;&\"')}]+)");
    /** A cheap first look: only a line with one of these words can hold a key naming a secret. */
    private static final Pattern NAMES_A_SECRET = Pattern.compile("(?i)pass|secret|token|private|credential");
    private static final Pattern SETUP_TOKEN = Pattern.compile("(setup token )([A-Za-z0-9_-]{20,})");
    /** Values shorter than this are not hunted for word-blind: "1234" would blank every number. */
    private static final int MIN_SECRET_LENGTH = 6;

    private final List<String> secrets;

    private SecretScrubber(List<String> secrets) {
        this.secrets = secrets;
    }

    /**
     * Knows the secrets in the files the profile names (resolved against its folder) and in the
     * console's own token files.
     */
    static SecretScrubber of(Path profile, Path consoleDir) {
        List<String> secrets = new ArrayList<>();
        if (profile != null && Files.isRegularFile(profile)) {
            try {
                Matcher m = SECRET_FILE.matcher(Files.readString(profile, StandardCharsets.UTF_8));
                Path folder = profile.toAbsolutePath().getParent();
                while (m.find()) {
                    addFile(folder.resolve(m.group(1).trim()), secrets);
                }
            } catch (IOException e) {
                // the profile part of the bundle says what is wrong with it; nothing to learn here
            }
        }
        if (consoleDir != null) {
            for (String name : List.of("api-token", "setup-token", "password")) {
                addFile(consoleDir.resolve(name), secrets);
            }
        }
        // Longest first, so a secret that contains another is removed whole.
        secrets.sort(Comparator.comparingInt(String::length).reversed());
        return new SecretScrubber(List.copyOf(secrets));
    }

    static SecretScrubber of(List<String> secrets) {
        return new SecretScrubber(List.copyOf(secrets));
    }

    String scrub(String text) {
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, DiagnosticsBundle.REMOVED);
        }
        // The key patterns are costly on megabytes of log: only lines naming a secret go through them.
        StringBuilder scrubbed = new StringBuilder(out.length());
        int start = 0;
        while (start < out.length()) {
            int end = out.indexOf('\n', start);
            end = end < 0 ? out.length() : end + 1;
            String line = out.substring(start, end);
            scrubbed.append(NAMES_A_SECRET.matcher(line).find() ? redactLine(line) : line);
            start = end;
        }
        return scrubbed.toString();
    }

    private static String redactLine(String line) {
        String out = DiagnosticsBundle.redact(line);
        out = SECRET_ASSIGNMENT.matcher(out).replaceAll(m -> Matcher.quoteReplacement(
                m.group(1).toLowerCase().contains("file") ? m.group() : m.group(1) + DiagnosticsBundle.REMOVED));
        return SETUP_TOKEN.matcher(out).replaceAll("$1" + Matcher.quoteReplacement(DiagnosticsBundle.REMOVED));
    }

    private static void addFile(Path file, List<String> secrets) {
        try {
            if (Files.isRegularFile(file) && Files.size(file) < 64 * 1024) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    String value = line.strip();
                    if (value.length() >= MIN_SECRET_LENGTH) {
                        secrets.add(value);
                    }
                    // A console password hash: its salt and hash parts are secrets on their own too.
                    for (String part : value.split("\\$")) {
                        if (part.length() >= 16 && !part.equals(value)) {
                            secrets.add(part);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // unreadable (binary key store, no permission): nothing of it can be in a log either way
        }
    }
}
