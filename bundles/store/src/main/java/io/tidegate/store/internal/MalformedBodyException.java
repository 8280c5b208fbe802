package io.tidegate.store.internal;

/**
 * A stored sample body cannot be decoded: it is truncated, has trailing bytes, or carries a tag
 * this version does not know. Unchecked because it only comes from a damaged database, never from
 * a caller's mistake; the store turns it into a StoreException that names the row and the file
 * (and a later version quarantines the row instead of stopping the queue).
 */
public final class MalformedBodyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedBodyException(String message) {
        super(message);
    }
}
