package io.tidegate.api;

/** Whether a point may be written from upstream commands. */
public enum Access {
    READ, READ_WRITE
}
