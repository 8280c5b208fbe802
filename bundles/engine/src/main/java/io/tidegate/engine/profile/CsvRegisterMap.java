package io.tidegate.engine.profile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a CSV register map: a header naming the columns, then one point per line. Blank lines and
 * lines starting with {@code #} are skipped; values may be double-quoted (commas inside quotes,
 * {@code ""} for a quote). Errors name the CSV file, its line and the column.
 */
final class CsvRegisterMap {

    /** One data row: its given (non-empty) cells by column name. */
    record Row(Map<String, PointRules.Field> fields, boolean complete) {
    }

    /**
     * The rows, or null when the rows could not be read at all (reported).
     *
     * @param headerLine the header's line number (for "no rows" errors)
     */
    record Result(List<Row> rows, int headerLine) {
    }

    private static final class Syntax extends Exception {
        private static final long serialVersionUID = 1L;
        final int cell;

        Syntax(String message, int cell) {
            super(message);
            this.cell = cell;
        }
    }

    private CsvRegisterMap() {
    }

    static Result read(Path csv, Problems problems) {
        String text;
        try {
            text = decodeUtf8(Files.readAllBytes(csv));
        } catch (CharacterCodingException e) {
            problems.add(csv, 0, 0, "", "the file is not UTF-8 text; save it as \"CSV UTF-8\"");
            return null;
        } catch (IOException e) {
            problems.add(csv, 0, 0, "", "cannot read the register map: " + e);
            return null;
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\r\n|\r|\n", -1);

        int headerLine = 0;
        String[] columns = null;
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            if (columns == null) {
                headerLine = lineNo;
                columns = header(csv, lineNo, line, problems);
                if (columns == null) {
                    return null;
                }
                continue;
            }
            Row row = row(csv, lineNo, line, columns, problems);
            if (row != null) {
                rows.add(row);
            }
        }
        if (columns == null) {
            problems.add(csv, 0, 0, "", "the register map is empty; its first line must be a header such as "
                    + String.join(",", PointRules.REQUIRED) + ",unit");
            return null;
        }
        return new Result(rows, headerLine);
    }

    /** The column name of each cell (null for a refused column), or null when the rows cannot be read. */
    private static String[] header(Path csv, int lineNo, String line, Problems problems) {
        List<String> cells;
        try {
            cells = parse(line);
        } catch (Syntax e) {
            problems.add(csv, lineNo, 0, "header", e.getMessage());
            return null;
        }
        String[] names = new String[cells.size()];
        Map<String, Integer> seen = new HashMap<>();
        for (int c = 0; c < cells.size(); c++) {
            String raw = cells.get(c).trim();
            String name = PointRules.field(raw);
            if (name.isEmpty()) {
                problems.add(csv, lineNo, 0, "column " + (c + 1), "the header has an empty column name; allowed: "
                        + String.join(", ", PointRules.FIELDS));
            } else if (!PointRules.FIELDS.contains(name)) {
                String hint = Checks.closest(name, PointRules.FIELDS);
                String extra = raw.contains(";") ? " (the file looks semicolon-separated; use commas)"
                        : hint != null ? " (did you mean '" + hint + "'?)" : "";
                problems.add(csv, lineNo, 0, "column '" + raw + "'", "unknown column '" + raw + "'" + extra
                        + "; allowed: " + String.join(", ", PointRules.FIELDS));
            } else if (seen.containsKey(name)) {
                problems.add(csv, lineNo, 0, "column '" + raw + "'", "column '" + raw + "' appears twice in the"
                        + " header (columns " + (seen.get(name) + 1) + " and " + (c + 1) + ")");
            } else {
                seen.put(name, c);
                names[c] = name;
            }
        }
        List<String> missing = PointRules.REQUIRED.stream().filter(r -> !seen.containsKey(r)).toList();
        boolean semicolons = cells.size() == 1 && cells.get(0).contains(";");
        if (!missing.isEmpty() && !semicolons) {
            problems.add(csv, lineNo, 0, "header", "the header lacks the required column"
                    + (missing.size() == 1 ? " '" + missing.get(0) + "'" : "s '" + String.join("', '", missing) + "'")
                    + "; a register map needs at least " + String.join(", ", PointRules.REQUIRED));
            return null;
        }
        return missing.isEmpty() ? names : null;
    }

    private static Row row(Path csv, int lineNo, String line, String[] columns, Problems problems) {
        List<String> cells;
        try {
            cells = parse(line);
        } catch (Syntax e) {
            String column = e.cell < columns.length && columns[e.cell] != null ? "column '" + columns[e.cell] + "'"
                    : "column " + (e.cell + 1);
            problems.add(csv, lineNo, 0, column, e.getMessage());
            return null;
        }
        if (cells.stream().allMatch(String::isBlank)) {
            return null; // a spreadsheet's empty row: ",,,,"
        }
        if (cells.size() > columns.length) {
            problems.add(csv, lineNo, 0, "", "the row has " + cells.size() + " values but the header has "
                    + columns.length + " columns (a value with a comma needs double quotes)");
            return null;
        }
        Map<String, PointRules.Field> fields = new LinkedHashMap<>();
        for (int c = 0; c < cells.size(); c++) {
            String value = cells.get(c);
            if (columns[c] != null && !value.isBlank()) {
                fields.put(columns[c], new PointRules.Field(value, new Where(csv, lineNo, 0,
                        "column '" + columns[c] + "'")));
            }
        }
        boolean complete = true;
        for (String required : PointRules.REQUIRED) {
            if (!fields.containsKey(required)) {
                problems.add(csv, lineNo, 0, "column '" + required + "'", "required, but empty: "
                        + PointRules.whatIs(required));
                complete = false;
            }
        }
        return new Row(fields, complete);
    }

    /** Splits one line into values: unquoted values are trimmed, quoted ones kept as written. */
    static List<String> parse(String line) throws Syntax {
        List<String> cells = new ArrayList<>();
        int n = line.length();
        int i = 0;
        while (true) {
            int start = i;
            while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                i++;
            }
            if (i < n && line.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw new Syntax("a quoted value is not closed: a '\"' is missing", cells.size());
                    }
                    char c = line.charAt(i);
                    if (c == '"') {
                        if (i + 1 < n && line.charAt(i + 1) == '"') {
                            sb.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    sb.append(c);
                    i++;
                }
                while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                    i++;
                }
                if (i < n && line.charAt(i) != ',') {
                    throw new Syntax("text after the closing quote; a quote inside a quoted value is written \"\"",
                            cells.size());
                }
                cells.add(sb.toString());
            } else {
                int end = line.indexOf(',', i);
                if (end < 0) {
                    end = n;
                }
                cells.add(line.substring(start, end).trim());
                i = end;
            }
            if (i >= n) {
                return cells;
            }
            i++; // the comma
        }
    }

    static String decodeUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }
}
