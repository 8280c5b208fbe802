package io.tidegate.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sparkplug session rules checked by a Tahu-decoding host: across broker restarts a real gateway
 * process takes the next bdSeq and restarts seq at 0 in every session, with no gap; and DDEATH /
 * DBIRTH as a simulated device stops and resumes answering. (bdSeq across gateway restarts,
 * SIGKILL included, needs a broker that publishes Wills: hardware-tests' MosquittoSessionsTest.)
 */
class SparkplugSessionsTest {

    @TempDir
    Path dir;

    static long bdSeq(SparkplugHost.Message m) {
        return (Long) m.metric("bdSeq").getValue();
    }

    static int count(SparkplugHost host, String type) {
        return host.messages(type).size();
    }

    /** DDATA received since the n-th NBIRTH (1-based). */
    static long dataSinceBirth(SparkplugHost host, int birth) {
        List<SparkplugHost.Message> all = host.messages();
        int births = 0;
        long data = 0;
        for (SparkplugHost.Message m : all) {
            births += m.type().equals("NBIRTH") ? 1 : 0;
            data += births == birth && m.type().equals("DDATA") ? 1 : 0;
        }
        return data;
    }

    /** Splits the messages into sessions at each NBIRTH, leaving out NDEATH (which carries no seq). */
    static List<List<SparkplugHost.Message>> sessions(SparkplugHost host) {
        List<List<SparkplugHost.Message>> sessions = new ArrayList<>();
        for (SparkplugHost.Message m : host.messages()) {
            if (m.type().equals("NBIRTH")) {
                sessions.add(new ArrayList<>());
            }
            if (!m.type().equals("NDEATH") && !sessions.isEmpty()) {
                sessions.get(sessions.size() - 1).add(m);
            }
        }
        return sessions;
    }

    /** seq is 0 at each NBIRTH, then +1 per message (mod 256): no gap, nothing from an old session. */
    static void assertSeqContinuousInEverySession(List<List<SparkplugHost.Message>> sessions) {
        for (int s = 0; s < sessions.size(); s++) {
            List<SparkplugHost.Message> session = sessions.get(s);
            for (int i = 0; i < session.size(); i++) {
                assertEquals(i % 256, session.get(i).seq(), "session " + (s + 1) + ", message " + i + " ("
                        + session.get(i).type() + ")");
            }
        }
    }

    @Test
    @Timeout(240)
    void acrossBrokerRestartsEachSessionTakesTheNextBdSeqAndSeqRestartsAtZero() throws Exception {
        int port = TestSites.freePort();
        Path profile = TestSites.fastDemo(dir.resolve("profile"), port);
        SparkplugHost host = new SparkplugHost();
        Duration wait = Duration.ofSeconds(60);
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", port, host::acceptQuietly);
             GatewayProcess gateway = GatewayProcess.start("felix", profile, dir.resolve("data"),
                     dir.resolve("gateway.log"))) {
            host.await("session 1 data", wait, h -> dataSinceBirth(h, 1) >= 20);
            for (int session = 2; session <= 3; session++) {
                broker.close(); // the gateway reconnects by itself with a new session
                Thread.sleep(1500);
                broker.startAgain();
                int n = session;
                host.await("session " + n + " data", wait, h -> count(h, "NBIRTH") == n && dataSinceBirth(h, n) >= 20);
            }
            gateway.terminate();
        }
        assertEquals(List.of(), host.undecodable());
        assertEquals(List.of(0L, 1L, 2L), host.messages("NBIRTH").stream().map(SparkplugSessionsTest::bdSeq).toList(),
                "each reconnect takes the next bdSeq");
        List<List<SparkplugHost.Message>> sessions = sessions(host);
        assertEquals(3, sessions.size());
        assertSeqContinuousInEverySession(sessions);
        assertTrue(host.readings("wet_well/level").stream().anyMatch(SparkplugHost.Reading::historical),
                "what was read during the outages arrives flagged historical");
    }

    @Test
    @Timeout(180)
    void aDeviceThatStopsAnsweringGetsDdeathAndDbirthWhenItReturns() throws Exception {
        int port = TestSites.freePort();
        Path fault = dir.resolve("station-cable-cut");
        Path profile = TestSites.fastDemoWithStationFault(dir.resolve("profile"), port, fault);
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", port);
             SparkplugHost host = SparkplugHost.subscribe(broker.url());
             Launcher ignored = Launcher.start(new LaunchOptions("felix", TestSites.home(), profile,
                     dir.resolve("data"), 0))) {
            host.await("the station's data", Duration.ofSeconds(30), h -> h.readings("wet_well/level").size() >= 5);
            assertEquals(1, host.messages("DBIRTH").stream().filter(m -> "station".equals(m.device())).count());

            Files.createFile(fault);
            host.await("DDEATH of the station", Duration.ofSeconds(30),
                    h -> h.messages("DDEATH").stream().anyMatch(m -> "station".equals(m.device())));
            int deathAt = host.messages().size();
            Thread.sleep(1000);
            List<SparkplugHost.Message> whileDead = host.messages().subList(deathAt, host.messages().size());
            assertTrue(whileDead.stream().noneMatch(m -> "station".equals(m.device())),
                    "nothing of the station between its DDEATH and its return");
            assertTrue(whileDead.stream().anyMatch(m -> "meter".equals(m.device())), "the meter carries on");

            Files.delete(fault);
            host.await("DBIRTH of the station again, then its data", Duration.ofSeconds(30),
                    h -> h.messages("DBIRTH").stream().filter(m -> "station".equals(m.device())).count() == 2
                            && h.readings("wet_well/level").stream().skip(5)
                                    .anyMatch(r -> r.value() != null && r.message().seq() > 0));
            List<SparkplugHost.Message> all = host.messages();
            for (int i = 1; i < all.size(); i++) {
                assertEquals((all.get(i - 1).seq() + 1) % 256, all.get(i).seq(), "seq continues through "
                        + all.get(i).type() + " " + all.get(i).device());
            }
        }
    }
}
