package io.tidegate.engine.profile;

import io.tidegate.api.Access;
import io.tidegate.api.DataType;
import io.tidegate.api.Point;
import io.tidegate.api.Scaling;
import io.tidegate.api.Value;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The rules every point follows, whether it is written inline in the profile or comes from a CSV
 * register map. Checks that depend on another field (unit on a BOOL, limits on a read-only point)
 * run only when that other field is valid, so that one defect gives one error.
 */
final class PointRules {

    /** The point fields that are plain values (inline points also have {@code tags}). */
    static final List<String> FIELDS = List.of("id", "address", "type", "unit", "access", "min", "max", "scale",
            "offset", "interval", "description", "area", "order", "group");

    /** Column names as register maps from device manuals write them, and the field each means. */
    static final Map<String, String> ALIASES = Map.of("point id", "id", "point_id", "id", "byte/word order", "order",
            "byte order", "order", "word order", "order", "byte_order", "order", "word_order", "order",
            "poll group", "group", "poll_group", "group");

    /**
     * Checks a point's driver-specific address at load time.
     */
    @FunctionalInterface
    interface AddressCheck {
        AddressCheck NONE = (address, type, writable) -> null;

        /** The problem with the address, or null when the driver can read it. */
        String problem(String address, DataType type, boolean writable);
    }

    /** The field a column name means (its alias resolved), lower case. */
    static String field(String column) {
        String name = column.trim().toLowerCase(Locale.ROOT);
        return ALIASES.getOrDefault(name, name);
    }
    static final List<String> REQUIRED = List.of("id", "address", "type");
    static final String TYPES = Arrays.stream(DataType.values()).filter(t -> !t.isArray()).map(Enum::name)
            .collect(Collectors.joining(", ")) + ", or one of them followed by [] for a whole array (OPC UA), e.g."
            + " FLOAT64[]";
    static final String ACCESS_READ = "read";
    static final String ACCESS_READ_WRITE = "read-write";

    /** A given (non-empty) field value and where it was written. */
    record Field(String text, Where where) {
    }

    private record Seen(Where where, String deviceId) {
    }

    private final Problems problems;
    private final Map<String, Seen> pointIds = new HashMap<>();

    PointRules(Problems problems) {
        this.problems = problems;
    }

    /** What to say about a missing required field. */
    static String whatIs(String field) {
        return switch (field) {
            case "id" -> "every point needs an id, unique in the site, e.g. pump1/speed";
            case "address" -> "every point needs the driver-specific address it is read from";
            case "type" -> "every point needs a data type, one of " + TYPES;
            default -> field;
        };
    }

    /**
     * Checks one point and builds it.
     *
     * @param f              the given fields by name (absent fields are not in the map)
     * @param complete       false when a required field was missing (already reported)
     * @param tags           its tags, already checked
     * @param deviceId       the device it lives on
     * @param deviceInterval the poll interval it inherits
     * @return the point, or null when something was wrong (reported)
     */
    Point check(Map<String, Field> f, boolean complete, Map<String, String> tags, String deviceId,
                Duration deviceInterval, AddressCheck addressCheck) {
        int before = problems.count();

        Field idField = f.get("id");
        String id = idField == null ? null : idField.text().trim();
        if (id != null) {
            String bad = Checks.pointId(id);
            if (bad != null) {
                problems.add(idField.where(), bad);
            } else {
                Seen first = pointIds.putIfAbsent(id, new Seen(idField.where(), deviceId));
                if (first != null) {
                    problems.add(idField.where(), "duplicate point id '" + id + "': it is already used at "
                            + first.where().mention(idField.where().file()) + " (device '" + first.deviceId()
                            + "'); point ids must be unique across the whole site");
                }
            }
        }

        Field addressField = f.get("address");
        String address = addressField == null ? null : addressField.text().trim();
        // A register map may give the area and the byte/word order in columns of their own.
        Field areaField = f.get("area");
        if (address != null && areaField != null) {
            address = areaField.text().trim() + ":" + address;
        }
        Field orderField = f.get("order");
        if (address != null && orderField != null) {
            address = address + ":" + orderField.text().trim();
        }

        DataType type = null;
        Field typeField = f.get("type");
        if (typeField != null) {
            try {
                type = DataType.parse(typeField.text());
            } catch (IllegalArgumentException e) {
                problems.add(typeField.where(), "'" + typeField.text().trim() + "' is not a data type; allowed: "
                        + TYPES);
            }
        }
        boolean typeKnown = type != null;
        boolean numeric = typeKnown && type.isNumeric();
        // An array of numbers has one unit for all its elements; scaling and limits stay with scalars.
        boolean numbers = typeKnown && type.elementType().isNumeric();

        String unit = "";
        Field unitField = f.get("unit");
        if (unitField != null) {
            if (typeKnown && !numbers) {
                problems.add(unitField.where(), "a " + type + " point has no unit; units are for numbers");
            } else {
                unit = unitField.text().trim();
            }
        }

        Access access = Access.READ;
        boolean accessKnown = true;
        Field accessField = f.get("access");
        if (accessField != null) {
            String a = accessField.text().trim().toLowerCase(Locale.ROOT);
            if (a.equals(ACCESS_READ)) {
                access = Access.READ;
            } else if (a.equals(ACCESS_READ_WRITE)) {
                access = Access.READ_WRITE;
            } else {
                accessKnown = false;
                problems.add(accessField.where(), "'" + accessField.text().trim()
                        + "' is not an access mode; allowed: " + ACCESS_READ + ", " + ACCESS_READ_WRITE);
            }
        }

        Duration interval = deviceInterval;
        Field intervalField = f.get("interval");
        Field groupField = f.get("group");
        if (groupField != null && intervalField != null) {
            problems.add(groupField.where(), "give the poll group or the interval, not both: a poll group is"
                    + " written as its interval");
        } else if (groupField != null) {
            try {
                interval = Durations.parse(groupField.text());
            } catch (IllegalArgumentException e) {
                problems.add(groupField.where(), "poll group '" + groupField.text().trim() + "': a poll group is"
                        + " written as its interval, e.g. 1s or 100ms (points with one interval are read"
                        + " together); " + e.getMessage());
            }
        }
        if (intervalField != null) {
            try {
                interval = Durations.parse(intervalField.text());
            } catch (IllegalArgumentException e) {
                problems.add(intervalField.where(), e.getMessage());
            }
        }

        boolean scalingValid = true;
        Double factor = scalingNumber(f.get("scale"), type, true, id);
        Double offset = scalingNumber(f.get("offset"), type, false, id);
        if ((f.containsKey("scale") && factor == null) || (f.containsKey("offset") && offset == null)) {
            scalingValid = false;
        }
        Scaling scaling = scalingValid && (factor != null || offset != null)
                ? new Scaling(factor == null ? 1.0 : factor, offset == null ? 0.0 : offset)
                : Scaling.IDENTITY;

        Double min = null;
        Double max = null;
        Field minField = f.get("min");
        Field maxField = f.get("max");
        if (minField != null || maxField != null) {
            Field firstLimit = minField != null ? minField : maxField;
            if (accessKnown && access == Access.READ) {
                problems.add(firstLimit.where(), "min and max are write limits and need access: read-write;"
                        + " this point is read-only");
            } else if (typeKnown && type.isArray()) {
                problems.add(firstLimit.where(), pointPrefix(id) + "a " + type + " point has no write limits: min"
                        + " and max apply to single numbers, not to whole arrays; declare the point without them");
            } else if (typeKnown && !numeric) {
                problems.add(firstLimit.where(), "a " + type + " point has no write limits; min and max are for"
                        + " numbers");
            } else if (accessKnown) {
                min = limit(minField);
                max = limit(maxField);
                if (min != null && max != null && min > max) {
                    problems.add(minField.where(), "min " + Checks.format(min) + " is greater than max "
                            + Checks.format(max) + "; min must be <= max");
                } else if (typeKnown && type.isInteger() && scalingValid) {
                    checkRange(minField, min, "min", type, scaling);
                    checkRange(maxField, max, "max", type, scaling);
                }
            }
        }

        Field descriptionField = f.get("description");
        String description = descriptionField == null ? "" : descriptionField.text().trim();

        if (address != null && typeKnown && accessKnown) {
            String bad = addressCheck.problem(address, type, access == Access.READ_WRITE);
            if (bad != null) {
                problems.add(addressField.where(), (id == null ? "" : "point '" + id + "': ") + "address '" + address
                        + "': " + bad);
            }
        }

        if (!complete || problems.count() != before || id == null || address == null || type == null) {
            return null;
        }
        return new Point(id, deviceId, address, type, unit, scaling, access, min, max, interval, tags, description);
    }

    private static String pointPrefix(String id) {
        return id == null ? "" : "point '" + id + "': ";
    }

    private Double scalingNumber(Field field, DataType type, boolean isFactor, String id) {
        if (field == null) {
            return null;
        }
        String name = isFactor ? "scale" : "offset";
        if (type != null && type.isArray()) {
            // Refused rather than applied element-wise: the array would change type (INT16[] to
            // FLOAT64[]) and a write would have to unscale every element; read the element that needs
            // scaling as its own point (index=N;) instead.
            problems.add(field.where(), pointPrefix(id) + "a " + type + " point cannot be scaled: " + name
                    + " applies to single numbers, not to whole arrays; read the element as its own point"
                    + " (address index=N;...) to scale it");
            return null;
        }
        if (type != null && !type.isNumeric()) {
            problems.add(field.where(), "a " + type + " point cannot be scaled; " + name + " is for numbers");
            return null;
        }
        double d;
        try {
            d = Checks.number(field.text());
        } catch (IllegalArgumentException e) {
            problems.add(field.where(), e.getMessage());
            return null;
        }
        if (isFactor && d == 0.0) {
            problems.add(field.where(), "scale must not be zero (engineering value = raw * scale + offset);"
                    + " leave it out for no scaling");
            return null;
        }
        return d;
    }

    private Double limit(Field field) {
        if (field == null) {
            return null;
        }
        try {
            return Checks.number(field.text());
        } catch (IllegalArgumentException e) {
            problems.add(field.where(), e.getMessage());
            return null;
        }
    }

    /** A write limit must map to a raw value the integer type can hold, or every write near it fails. */
    private void checkRange(Field field, Double value, String name, DataType type, Scaling scaling) {
        if (value == null) {
            return;
        }
        double raw = scaling.toRaw(value);
        if (raw < Value.min(type) || raw > Value.max(type)) {
            problems.add(field.where(), name + " " + Checks.format(value) + " is out of reach: "
                    + (scaling.isIdentity() ? "" : "it is raw " + Checks.format(raw) + " after scaling, and ")
                    + "a " + type + " holds " + Value.min(type) + ".." + Value.max(type));
        }
    }
}
