package io.tidegate.engine.profile;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Profile durations: {@code 250ms}, {@code 1s}, {@code 1.5s}, {@code 2m}, {@code 1h}, {@code 7d}. */
final class Durations {
    private static final Pattern WITH_UNIT = Pattern.compile("([+-]?)(\\d+(?:\\.\\d+)?|\\.\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern BARE_NUMBER = Pattern.compile("[+-]?(\\d+(?:\\.\\d*)?|\\.\\d+)");
    static final String UNITS = "ms, s, m, h, d";

    private Durations() {
    }

    /**
     * Parses a positive duration.
     *
     * @throws IllegalArgumentException with a message for the installer
     */
    static Duration parse(String text) {
        String t = text.trim();
        Matcher m = WITH_UNIT.matcher(t);
        if (!m.matches()) {
            if (BARE_NUMBER.matcher(t).matches()) {
                throw new IllegalArgumentException("'" + t + "' has no unit; add one, e.g. " + t + "s or " + t
                        + "ms (units: " + UNITS + ")");
            }
            throw new IllegalArgumentException("'" + t + "' is not a duration; write e.g. 250ms, 1s, 1.5s, 2m, 1h or 7d");
        }
        BigDecimal amount = new BigDecimal(m.group(2));
        if (m.group(1).equals("-") || amount.signum() == 0) {
            throw new IllegalArgumentException("'" + t + "': must be greater than zero");
        }
        long nanosPerUnit = switch (m.group(3)) {
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> 86_400_000_000_000L;
        };
        BigDecimal nanos = amount.multiply(BigDecimal.valueOf(nanosPerUnit));
        if (nanos.compareTo(BigDecimal.valueOf(1_000_000L)) < 0) {
            throw new IllegalArgumentException("'" + t + "' is too short: the smallest duration is 1ms");
        }
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + t + "' is too long");
        }
        return Duration.ofNanos(nanos.setScale(0, RoundingMode.HALF_UP).longValueExact());
    }
}
