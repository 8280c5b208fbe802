package io.tidegate.driver.modbus.internal;

import io.tidegate.driver.modbus.ModbusSettings;
import java.time.Duration;

/**
 * Requests to one unit: each is sent, checked against what was asked, and repeated after a
 * growing pause when the failure may be passing (timeout, CRC, garbled frame). A Modbus exception
 * is the device's considered answer and is not repeated.
 */
final class ModbusClient {
    private static final long MAX_BACKOFF_MILLIS = 5_000;

    private final ModbusLink link;
    private final int unit;
    private final Duration timeout;
    private final int retries;
    private final Duration backoff;
    private long requests;
    private long failedAttempts;

    ModbusClient(ModbusLink link, ModbusSettings settings) {
        this(link, settings.unit(), settings.timeout(), settings.retries(), settings.backoff());
    }

    ModbusClient(ModbusLink link, int unit, Duration timeout, int retries, Duration backoff) {
        this.link = link;
        this.unit = unit;
        this.timeout = timeout;
        this.retries = retries;
        this.backoff = backoff;
    }

    /**
     * Sends a request and returns the checked answer's data (register or bit bytes for reads).
     *
     * @throws ModbusFault the last failure, with the number of attempts in its message
     */
    byte[] call(Pdu pdu) throws ModbusFault, InterruptedException {
        ModbusFault last = null;
        for (int attempt = 0; attempt <= retries; attempt++) {
            if (attempt > 0) {
                long pause = Math.min(MAX_BACKOFF_MILLIS, backoff.toMillis() << (attempt - 1));
                Thread.sleep(pause);
            }
            requests++;
            try {
                return pdu.check(link.exchange(unit, pdu, timeout), unit);
            } catch (ModbusFault f) {
                failedAttempts++;
                if (!f.kind().retryable()) {
                    throw f;
                }
                last = f;
            }
        }
        throw retries == 0 ? last : new ModbusFault(last.kind(), last.getMessage() + " (" + (retries + 1)
                + " attempts)", last);
    }

    int unit() {
        return unit;
    }

    ModbusLink link() {
        return link;
    }

    /** Requests sent, retries included. */
    long requests() {
        return requests;
    }

    long failedAttempts() {
        return failedAttempts;
    }
}
