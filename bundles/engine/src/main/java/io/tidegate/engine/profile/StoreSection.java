package io.tidegate.engine.profile;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the optional {@code store:} section of a profile; every key has a default. */
final class StoreSection {
    static final List<String> KEYS = List.of("maxSize", "maxAge", "policy", "synchronous");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kKMGT]i?B|B)");
    private static final Map<String, Long> SIZE_UNITS = Map.of(
            "B", 1L, "kB", 1_000L, "KB", 1_000L, "MB", 1_000_000L, "GB", 1_000_000_000L, "TB", 1_000_000_000_000L,
            "KiB", 1L << 10, "MiB", 1L << 20, "GiB", 1L << 30, "TiB", 1L << 40);
    /** Below this a limit would hold less than a minute of a small site's data: surely a typo. */
    private static final long SMALLEST = 1L << 20;

    private StoreSection() {
    }

    /** The store settings, or {@link StoreConfig#DEFAULT} where the profile says nothing; problems reported. */
    static StoreConfig read(YamlMap top, Problems problems, Path file) {
        if (!top.has("store") || top.node("store") == null) {
            return StoreConfig.DEFAULT;
        }
        YamlMap s = YamlMap.of(problems, file, top.node("store"), "store", top.keyNode("store"), KEYS, Map.of());
        if (s == null) {
            return StoreConfig.DEFAULT;
        }
        StoreConfig d = StoreConfig.DEFAULT;
        long maxBytes = d.maxBytes();
        String size = s.text("maxSize");
        if (size != null) {
            try {
                maxBytes = parseSize(size);
            } catch (IllegalArgumentException e) {
                problems.add(s.where("maxSize"), e.getMessage());
            }
        }
        Duration maxAge = d.maxAge();
        String age = s.text("maxAge");
        if (age != null && !age.trim().equalsIgnoreCase("none")) {
            try {
                maxAge = Durations.parse(age);
                if (maxAge.compareTo(Duration.ofMinutes(1)) < 0) {
                    problems.add(s.where("maxAge"), "'" + age.trim() + "' would drop data younger than a minute;"
                            + " give at least 1m, e.g. 7d, or none to keep telemetry until it is sent");
                }
            } catch (IllegalArgumentException e) {
                problems.add(s.where("maxAge"), e.getMessage());
            }
        }
        String policy = oneOf(s, problems, "policy", d.policy(), StoreConfig.DROP_OLDEST, StoreConfig.REJECT_NEW);
        String synchronous = oneOf(s, problems, "synchronous", d.synchronous(), StoreConfig.FULL, StoreConfig.NORMAL);
        return new StoreConfig(maxBytes, maxAge, policy, synchronous);
    }

    /**
     * A size with its unit: {@code 500MB}, {@code 1GiB}, {@code 1.5GB}; or {@code none} for no limit.
     *
     * @throws IllegalArgumentException with a message for the installer
     */
    static long parseSize(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("none")) {
            return 0;
        }
        Matcher m = SIZE.matcher(t);
        if (!m.matches() || !SIZE_UNITS.containsKey(m.group(2))) {
            String hint = t.matches("\\d+(\\.\\d+)?") ? "'" + t + "' has no unit" : "'" + t + "' is not a size";
            throw new IllegalArgumentException(hint + "; write e.g. 500MB or 2GiB (units: B, kB, MB, GB, TB, KiB,"
                    + " MiB, GiB, TiB), or none for no limit but the disk");
        }
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(SIZE_UNITS.get(m.group(2))));
        if (bytes.compareTo(BigDecimal.valueOf(SMALLEST)) < 0) {
            throw new IllegalArgumentException("'" + t + "' is too small for a store: give at least 1MiB");
        }
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + t + "' is too large");
        }
        return bytes.longValue();
    }

    private static String oneOf(YamlMap s, Problems problems, String key, String fallback, String... allowed) {
        String text = s.text(key);
        if (text == null) {
            return fallback;
        }
        String value = text.trim().toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(value)) {
                return a;
            }
        }
        problems.add(s.where(key), "'" + text.trim() + "' is not allowed here; allowed: " + String.join(", ", allowed));
        return fallback;
    }
}
