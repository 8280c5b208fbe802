package io.tidegate.engine.profile;

import java.nio.file.Path;
import java.util.Objects;

/** A place in a profile or CSV file, for error messages. */
record Where(Path file, int line, int column, String field) {

    /** How to mention this place from an error in {@code from}: {@code line 12} or {@code meter.csv:12}. */
    String mention(Path from) {
        if (Objects.equals(file, from)) {
            return "line " + line;
        }
        return (file == null ? "?" : String.valueOf(file.getFileName())) + ":" + line;
    }
}
