package io.tidegate.engine.profile;

import java.util.List;

/** A site profile failed validation; {@link #errors()} lists every problem found, in file and line order. */
public class ProfileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<ProfileError> errors;

    public ProfileException(List<ProfileError> errors) {
        super(summary(errors));
        this.errors = List.copyOf(errors);
    }

    /** The problems, never empty. */
    public List<ProfileError> errors() {
        return errors;
    }

    private static String summary(List<ProfileError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a profile exception needs at least one error");
        }
        StringBuilder sb = new StringBuilder();
        sb.append(errors.size() == 1 ? "1 error in the site profile:" : errors.size() + " errors in the site profile:");
        for (ProfileError e : errors) {
            sb.append(System.lineSeparator()).append("  ").append(e);
        }
        return sb.toString();
    }
}
