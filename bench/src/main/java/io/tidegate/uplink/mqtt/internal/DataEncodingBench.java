package io.tidegate.uplink.mqtt.internal;

import io.tidegate.api.Access;
import io.tidegate.api.DataType;
import io.tidegate.api.Device;
import io.tidegate.api.DeviceHealth;
import io.tidegate.api.Point;
import io.tidegate.api.Quality;
import io.tidegate.api.Sample;
import io.tidegate.api.Scaling;
import io.tidegate.api.SiteModel;
import io.tidegate.api.StoredSample;
import io.tidegate.api.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * DDATA encoding cost: the edge node's direct protobuf encoder against Tahu's model and encoder (the
 * path it replaced, kept for the types the direct one leaves to Tahu), on the same batches of 500
 * INT32 samples of a 10,000-point device, as the OPC UA benchmark's gateway sends them. Lives in the
 * uplink's package to reach its package-private classes on the bench's plain class path.
 * Prints, per encoder, the median over rounds of samples encoded per second.
 * Usage: bench/run-encoding.sh [-Dencode.rounds=7 -Dencode.seconds=3]
 */
public final class DataEncodingBench {
    private static final int POINTS = 10_000;
    private static final int BATCH = 500;

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("encode.rounds", 7);
        long millis = Integer.getInteger("encode.seconds", 3) * 1000L;
        SparkplugPayloads payloads = new SparkplugPayloads(new MetricCatalog(new BenchSite()));
        List<List<StoredSample>> batches = batches();
        Encoder direct = payloads::data;
        Encoder tahu = payloads::dataWithTahu;
        double[] directRates = new double[rounds];
        double[] tahuRates = new double[rounds];
        run(tahu, batches, millis); // warm-up, both paths
        run(direct, batches, millis);
        for (int r = 0; r < rounds; r++) { // alternated, so drift on a shared machine hits both alike
            tahuRates[r] = run(tahu, batches, millis);
            directRates[r] = run(direct, batches, millis);
            System.out.printf(Locale.ROOT, "round %d: tahu %,.0f samples/s, direct %,.0f samples/s%n", r + 1,
                    tahuRates[r], directRates[r]);
        }
        double medianTahu = median(tahuRates);
        double medianDirect = median(directRates);
        System.out.printf(Locale.ROOT, "median of %d rounds: Tahu encoder %,.0f samples/s, direct %,.0f samples/s,"
                + " ratio %.2fx; bytes per batch: tahu %d, direct %d%n", rounds, medianTahu, medianDirect,
                medianDirect / medianTahu, tahu.encode(batches.get(0), 0, 0).length,
                direct.encode(batches.get(0), 0, 0).length);
    }

    private interface Encoder {
        byte[] encode(List<StoredSample> samples, long sessionStart, long seq) throws Exception;
    }

    /** @return samples encoded per second */
    private static double run(Encoder encoder, List<List<StoredSample>> batches, long millis) throws Exception {
        long samples = 0;
        long bytes = 0;
        long start = System.nanoTime();
        long end = start + millis * 1_000_000;
        int i = 0;
        while (System.nanoTime() < end) {
            List<StoredSample> batch = batches.get(i++ % batches.size());
            bytes += encoder.encode(batch, 0, i % 256).length;
            samples += batch.size();
        }
        if (bytes == 0) {
            throw new IllegalStateException("nothing encoded");
        }
        return samples / ((System.nanoTime() - start) / 1e9);
    }

    private static List<List<StoredSample>> batches() {
        List<List<StoredSample>> batches = new ArrayList<>();
        long id = 1;
        long time = System.currentTimeMillis();
        for (int b = 0; b < POINTS / BATCH; b++) {
            List<StoredSample> batch = new ArrayList<>();
            for (int p = 0; p < BATCH; p++) {
                int n = b * BATCH + p;
                batch.add(new StoredSample(id++, new Sample(BenchSite.pointId(n), Value.of(DataType.INT32, n * 7),
                        Quality.GOOD, time + n, time + n + 40)));
            }
            batches.add(batch);
        }
        return batches;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** One device of 10,000 INT32 points, as the OPC UA benchmark's site. */
    private static final class BenchSite implements SiteModel {
        private final List<Point> points = new ArrayList<>();
        private final Device device;

        BenchSite() {
            for (int n = 0; n < POINTS; n++) {
                points.add(new Point(pointId(n), "plant", "ns=2;s=n" + n, DataType.INT32, "", Scaling.IDENTITY,
                        Access.READ, null, null, Duration.ofMillis(100), Map.of(), ""));
            }
            device = new Device("plant", "opcua", Map.of(), points);
        }

        static String pointId(int n) {
            return "plant/n" + n;
        }

        @Override
        public String gatewayId() {
            return "bench-gw";
        }

        @Override
        public List<Device> devices() {
            return List.of(device);
        }

        @Override
        public Optional<Point> point(String pointId) {
            return points.stream().filter(p -> p.id().equals(pointId)).findFirst();
        }

        @Override
        public Optional<DeviceHealth> health(String deviceId) {
            return Optional.empty();
        }

        @Override
        public long samplesRead() {
            return 0;
        }
    }
}
