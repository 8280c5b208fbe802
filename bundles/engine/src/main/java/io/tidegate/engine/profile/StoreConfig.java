package io.tidegate.engine.profile;

import java.time.Duration;
import java.util.Objects;

/**
 * How the gateway's store-and-forward queue is sized and how durable it is (the profile's optional
 * {@code store:} section).
 *
 * @param maxBytes    the most the database may hold; 0: no limit but the disk
 * @param maxAge      telemetry older than this is dropped (counted, reported); {@link Duration#ZERO}: kept until sent
 * @param policy      {@value #DROP_OLDEST} or {@value #REJECT_NEW}: what happens at {@code maxBytes}
 * @param synchronous {@value #FULL} (survives power loss) or {@value #NORMAL} (survives a process crash)
 */
public record StoreConfig(long maxBytes, Duration maxAge, String policy, String synchronous) {
    public static final String DROP_OLDEST = "drop-oldest";
    public static final String REJECT_NEW = "reject-new";
    public static final String FULL = "full";
    public static final String NORMAL = "normal";
    /** 1 GiB, no age limit, drop-oldest, synchronous full. */
    public static final StoreConfig DEFAULT = new StoreConfig(1L << 30, Duration.ZERO, DROP_OLDEST, FULL);

    public StoreConfig {
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(synchronous, "synchronous");
    }
}
