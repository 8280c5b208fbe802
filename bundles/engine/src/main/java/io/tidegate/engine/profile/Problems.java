package io.tidegate.engine.profile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Collects the errors of one load. */
final class Problems {
    private final List<ProfileError> errors = new ArrayList<>();

    void add(Where at, String message) {
        errors.add(new ProfileError(at.file(), at.line(), at.column(), at.field(), message));
    }

    void add(Path file, int line, int column, String field, String message) {
        errors.add(new ProfileError(file, line, column, field, message));
    }

    int count() {
        return errors.size();
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    /** The errors grouped by file (in the order files were first mentioned), then by line and column. */
    List<ProfileError> sorted() {
        Map<Path, Integer> fileOrder = new LinkedHashMap<>();
        for (ProfileError e : errors) {
            fileOrder.putIfAbsent(e.file(), fileOrder.size());
        }
        List<ProfileError> out = new ArrayList<>(errors);
        out.sort(Comparator.<ProfileError>comparingInt(e -> fileOrder.get(e.file()))
                .thenComparingInt(ProfileError::line)
                .thenComparingInt(ProfileError::column));
        return out;
    }

    void throwIfAny() throws ProfileException {
        if (!errors.isEmpty()) {
            throw new ProfileException(sorted());
        }
    }
}
