package io.tidegate.driver.modbus.internal;

/**
 * Why one Modbus request failed. The kind decides whether it is retried, whether the connection is
 * dropped, and how the affected samples are marked.
 */
final class ModbusFault extends Exception {
    private static final long serialVersionUID = 1L;

    enum Kind {
        /** The connection could not be made or was lost: every request to the device fails. */
        CONNECTION(true),
        /** No (complete) answer within the timeout. */
        TIMEOUT(true),
        /** RTU frame whose CRC does not match. */
        CRC(true),
        /** Fewer bytes than the request asks for. */
        SHORT_RESPONSE(true),
        /** More bytes than the request asks for. */
        LONG_RESPONSE(true),
        /** A Modbus TCP response whose transaction id belongs to no request we sent. */
        WRONG_TRANSACTION(true),
        /** An answer from another unit or to another function: a late answer to an earlier request. */
        STALE_RESPONSE(true),
        /** The device answered with a Modbus exception (01-0B). */
        EXCEPTION(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        boolean retryable() {
            return retryable;
        }
    }

    private final Kind kind;
    private final int exceptionCode;

    ModbusFault(Kind kind, String message) {
        this(kind, message, 0, null);
    }

    ModbusFault(Kind kind, String message, Throwable cause) {
        this(kind, message, 0, cause);
    }

    private ModbusFault(Kind kind, String message, int exceptionCode, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.exceptionCode = exceptionCode;
    }

    static ModbusFault exception(int code, int function, int unit) {
        return new ModbusFault(Kind.EXCEPTION, String.format("unit %d answered Modbus exception %02X (%s) to function"
                + " %d", unit, code, exceptionName(code), function), code, null);
    }

    Kind kind() {
        return kind;
    }

    /** The Modbus exception code for {@link Kind#EXCEPTION}, else 0. */
    int exceptionCode() {
        return exceptionCode;
    }

    /** Exception 02: the device has no such address (the read planner learns from it). */
    boolean isIllegalAddress() {
        return kind == Kind.EXCEPTION && exceptionCode == 2;
    }

    static String exceptionName(int code) {
        return switch (code) {
            case 0x01 -> "illegal function";
            case 0x02 -> "illegal data address";
            case 0x03 -> "illegal data value";
            case 0x04 -> "server device failure";
            case 0x05 -> "acknowledge";
            case 0x06 -> "server device busy";
            case 0x07 -> "negative acknowledge";
            case 0x08 -> "memory parity error";
            case 0x0A -> "gateway path unavailable";
            case 0x0B -> "gateway target device failed to respond";
            default -> "unknown exception";
        };
    }
}
