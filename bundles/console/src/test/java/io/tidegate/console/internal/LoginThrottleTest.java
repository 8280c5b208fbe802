package io.tidegate.console.internal;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LoginThrottleTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final LoginThrottle throttle = new LoginThrottle(now::get);

    @Test
    void threeTyposAreFreeThenEachFailureDoublesTheWait() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            throttle.failed("10.0.0.9");
            assertEquals(0, throttle.waitMillis("10.0.0.9"), "typo " + (i + 1));
        }
        throttle.failed("10.0.0.9");
        assertEquals(1_000, throttle.waitMillis("10.0.0.9"));
        now.addAndGet(1_000);
        throttle.failed("10.0.0.9");
        assertEquals(2_000, throttle.waitMillis("10.0.0.9"));
        now.addAndGet(2_000);
        throttle.failed("10.0.0.9");
        assertEquals(4_000, throttle.waitMillis("10.0.0.9"));
    }

    @Test
    void theWaitIsCappedAndOtherSourcesAreNotAffected() {
        for (int i = 0; i < 40; i++) {
            throttle.failed("10.0.0.9");
        }
        assertEquals(LoginThrottle.MAX_LOCK_SECONDS * 1000, throttle.waitMillis("10.0.0.9"));
        assertEquals(0, throttle.waitMillis("10.0.0.10"), "another laptop may still log in");
    }

    @Test
    void aSuccessClearsTheSource() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("10.0.0.9");
        }
        throttle.succeeded("10.0.0.9");
        throttle.failed("10.0.0.9");
        assertEquals(0, throttle.waitMillis("10.0.0.9"), "counting starts again");
    }
}
