package io.tidegate.uplink.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final int RUNS = 2000;

    @Test
    void everyDelayStaysBetweenHalfTheMinimumAndTheMaximum() {
        for (int run = 0; run < RUNS / 10; run++) {
            Backoff backoff = new Backoff(100, 5000);
            for (int failure = 0; failure < 40; failure++) {
                long delay = backoff.nextDelayMillis();
                assertTrue(delay >= 50 && delay <= 5000, "failure " + failure + ": delay " + delay);
            }
        }
    }

    @Test
    void delaysGrowOverFailuresOnAverage() {
        double[] mean = meanDelays(100, 60_000, 10);
        for (int failure = 1; failure < mean.length; failure++) {
            assertTrue(mean[failure] > mean[failure - 1] * 1.3,
                    "mean delay after failure " + failure + " (" + mean[failure] + ") should be well above the one before ("
                            + mean[failure - 1] + ")");
        }
        // the first delay is below the minimum on average (jitter), the tenth is many times it
        assertTrue(mean[0] < 100, "first mean " + mean[0]);
        assertTrue(mean[9] > 10_000, "tenth mean " + mean[9]);
    }

    @Test
    void delaysLevelOffAtTheMaximum() {
        Backoff backoff = new Backoff(100, 1000);
        for (int i = 0; i < 30; i++) {
            backoff.nextDelayMillis();
        }
        long sum = 0;
        long highest = 0;
        for (int i = 0; i < RUNS; i++) {
            long delay = backoff.nextDelayMillis();
            assertTrue(delay >= 50 && delay <= 1000, "delay " + delay);
            sum += delay;
            highest = Math.max(highest, delay);
        }
        double mean = sum / (double) RUNS;
        // full jitter between min/2 and max: the mean sits near the middle, and samples reach the top
        assertTrue(mean > 400 && mean < 650, "mean " + mean);
        assertTrue(highest > 900, "highest " + highest);
    }

    @Test
    void resetBringsTheDelayBackDown() {
        long sumAfterReset = 0;
        for (int run = 0; run < RUNS; run++) {
            Backoff backoff = new Backoff(100, 60_000);
            for (int i = 0; i < 12; i++) {
                backoff.nextDelayMillis();
            }
            backoff.reset();
            long delay = backoff.nextDelayMillis();
            assertTrue(delay >= 50 && delay <= 100, "first delay after reset " + delay);
            sumAfterReset += delay;
        }
        double mean = sumAfterReset / (double) RUNS;
        assertTrue(mean < 100, "mean after reset " + mean);
    }

    @Test
    void theDelaysAreJitteredSoGatewaysDoNotReconnectInLockstep() {
        java.util.Set<Long> firstDelays = new java.util.HashSet<>();
        for (int run = 0; run < 200; run++) {
            firstDelays.add(new Backoff(1000, 60_000).nextDelayMillis());
        }
        assertTrue(firstDelays.size() > 50, "distinct first delays: " + firstDelays.size());
    }

    @Test
    void aMaximumBelowTheMinimumIsRaisedToTheMinimum() {
        Backoff backoff = new Backoff(200, 10);
        for (int i = 0; i < 50; i++) {
            long delay = backoff.nextDelayMillis();
            assertTrue(delay >= 100 && delay <= 200, "delay " + delay);
        }
    }

    private static double[] meanDelays(long min, long max, int failures) {
        double[] sum = new double[failures];
        for (int run = 0; run < RUNS; run++) {
            Backoff backoff = new Backoff(min, max);
            for (int failure = 0; failure < failures; failure++) {
                sum[failure] += backoff.nextDelayMillis();
            }
        }
        for (int i = 0; i < failures; i++) {
            sum[i] /= RUNS;
        }
        return sum;
    }
}
