package io.tidegate.uplink.mqtt.internal;

import java.time.Instant;

/** Writes JSON text: just what the JSON encoding needs, so the bundle carries no JSON library. */
final class JsonText {
    private final StringBuilder out = new StringBuilder();
    private boolean first = true;

    JsonText begin() {
        separate();
        out.append('{');
        first = true;
        return this;
    }

    JsonText end() {
        out.append('}');
        first = false;
        return this;
    }

    JsonText beginArray(String name) {
        key(name);
        out.append('[');
        first = true;
        return this;
    }

    JsonText endArray() {
        out.append(']');
        first = false;
        return this;
    }

    JsonText beginObject(String name) {
        key(name);
        out.append('{');
        first = true;
        return this;
    }

    JsonText field(String name, String value) {
        key(name);
        string(value);
        return this;
    }

    JsonText field(String name, boolean value) {
        key(name);
        out.append(value);
        return this;
    }

    JsonText field(String name, long value) {
        key(name);
        out.append(value);
        return this;
    }

    JsonText time(String name, long epochMillis) {
        return field(name, Instant.ofEpochMilli(epochMillis).toString());
    }

    /**
     * A Boolean, Number or String as JSON; null (and a non-finite number, which JSON cannot hold) as null;
     * a List (an array value's elements) as a JSON array of those.
     */
    JsonText value(String name, Object value) {
        key(name);
        jsonValue(value);
        return this;
    }

    private void jsonValue(Object value) {
        if (value instanceof java.util.List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                jsonValue(list.get(i));
            }
            out.append(']');
        } else if (value instanceof Boolean b) {
            out.append(b);
        } else if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
            out.append("null");
        } else if (value instanceof Number n) {
            out.append(n);
        } else if (value == null) {
            out.append("null");
        } else {
            string(value.toString());
        }
    }

    byte[] bytes() {
        return out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void key(String name) {
        separate();
        string(name);
        out.append(':');
        first = false;
    }

    private void separate() {
        if (!first) {
            out.append(',');
        }
        first = false;
    }

    private void string(String s) {
        if (s == null) {
            out.append("null");
            return;
        }
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
