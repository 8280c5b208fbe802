package io.tidegate.engine.profile;

import java.nio.file.Path;

/**
 * One problem found in a site profile or in one of its CSV register maps.
 *
 * @param file    the file the problem is in (the profile, or a CSV register map), as the loader was given it
 * @param line    1-based line, or 0 when the problem concerns the whole file
 * @param column  1-based column, or 0 when not known (CSV errors name the column in {@code field} instead)
 * @param field   where in the profile: a YAML path such as {@code devices[0].points[3].type}, a CSV column
 *                such as {@code column 'type'}, or empty
 * @param message what is wrong and what is allowed
 */
public record ProfileError(Path file, int line, int column, String field, String message) {

    public ProfileError {
        field = field == null ? "" : field;
        message = message == null ? "" : message;
    }

    /** Compiler style: {@code site.yaml:12:7: devices[0].points[3].type: 'FLAOT' is not a data type; ...}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(file == null ? "<profile>" : file.toString());
        if (line > 0) {
            sb.append(':').append(line);
            if (column > 0) {
                sb.append(':').append(column);
            }
        }
        sb.append(": ");
        if (!field.isEmpty()) {
            sb.append(field).append(": ");
        }
        return sb.append(message).toString();
    }
}
