package io.tidegate.engine.profile;

import io.tidegate.api.GatewayPoints;

import java.util.Collection;
import java.util.regex.Pattern;

/** Small value rules shared by the YAML and CSV readers. Each returns an error message, or null when fine. */
final class Checks {
    private static final Pattern SPARKPLUG_ID = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private Checks() {
    }

    /** A Sparkplug id element (gateway id, group id, device id). */
    static String sparkplugId(String value, String what) {
        if (SPARKPLUG_ID.matcher(value).matches()) {
            return null;
        }
        return "'" + value + "' is not a valid " + what + ": use letters, digits, '_', '-' and '.' only"
                + " (it becomes part of MQTT topics, where '/', '+' and '#' have a meaning)";
    }

    /** A device id: a Sparkplug id that does not start with '_' (reserved for the gateway's own points). */
    static String deviceId(String value) {
        String bad = sparkplugId(value, "device id");
        if (bad == null && value.startsWith("_")) {
            return "'" + value + "' is not a valid device id: ids starting with '_' are reserved for the gateway's"
                    + " own points (e.g. " + GatewayPoints.STORE_EVENT.id() + ")";
        }
        return bad;
    }

    /** A point id: may hold '/' folders, never MQTT wildcards, blanks or empty folders. */
    static String pointId(String value) {
        if (value.startsWith("_")) {
            return "'" + value + "' is not a valid point id: ids starting with '_' are reserved for the gateway's"
                    + " own points (e.g. " + GatewayPoints.STORE_EVENT.id() + ")";
        }
        if (value.indexOf('+') >= 0 || value.indexOf('#') >= 0) {
            return "'" + value + "' is not a valid point id: '+' and '#' are MQTT wildcards";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                return "'" + value + "' is not a valid point id: no spaces; use '_' instead";
            }
        }
        if (value.startsWith("/") || value.endsWith("/") || value.contains("//")) {
            return "'" + value + "' is not a valid point id: '/' separates folders and cannot start or end it"
                    + " or appear twice in a row";
        }
        return null;
    }

    /** Parses a finite decimal number. */
    static double number(String text) {
        String t = text.trim().replace("_", "");
        if (!NUMBER.matcher(t).matches()) {
            throw new IllegalArgumentException("'" + text.trim() + "' is not a number");
        }
        double d = Double.parseDouble(t);
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("'" + text.trim() + "' is too large");
        }
        return d;
    }

    /** Formats a number without a useless ".0". */
    static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** The allowed value closest to a typo, or null when none is close. */
    static String closest(String typo, Collection<String> allowed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String a : allowed) {
            int d = a.equalsIgnoreCase(typo) ? 0 : distance(typo.toLowerCase(), a.toLowerCase());
            if (d < bestDistance) {
                best = a;
                bestDistance = d;
            }
        }
        int limit = Math.max(1, Math.min(2, typo.length() / 3));
        return bestDistance <= limit ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
