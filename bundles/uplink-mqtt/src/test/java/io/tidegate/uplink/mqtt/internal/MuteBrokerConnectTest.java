package io.tidegate.uplink.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A broker (or a TLS load balancer in front of one) that accepts TCP but never answers CONNECT:
 * each failed attempt must close its connection, or a gateway retrying through a long outage would
 * pile up live clients, each of which could still connect later under the gateway's client id.
 */
class MuteBrokerConnectTest {

    @ParameterizedTest
    @ValueSource(strings = {"3.1.1", "5"})
    void aConnectThatTimesOutClosesItsConnection(String version) throws Exception {
        try (ServerSocket mute = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            ConnectRequest request = new ConnectRequest("tcp://127.0.0.1:" + mute.getLocalPort(), "gw-mute", 30,
                    1_000, 10, new Encoding.Out("spBv1.0/plant/NDEATH/gw-mute", new byte[] {1}, false), null, null,
                    null, true);
            MqttConnection.Inbound ignore = new MqttConnection.Inbound() {
                @Override
                public void messageArrived(String topic, byte[] payload) {
                }

                @Override
                public void connectionLost(String reason) {
                }
            };
            Thread attempt = new Thread(() -> assertThrows(Exception.class, () -> {
                if (version.equals("5")) {
                    Mqtt5Connection.connect(request, ignore);
                } else {
                    Mqtt3Connection.connect(request, ignore);
                }
            }));
            attempt.start();
            try (Socket accepted = mute.accept()) {
                attempt.join(10_000);
                assertTrue(!attempt.isAlive(), "the connect attempt gave up");
                assertTrue(closedByPeer(accepted), "the failed attempt closed its connection to the broker");
            }
        }
    }

    /** Reads what the client sent (its CONNECT) until end of stream; false if it is still open after 5 s. */
    private static boolean closedByPeer(Socket socket) throws IOException {
        socket.setSoTimeout(5_000);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[1024];
        try {
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the peer: closed as well
        }
    }
}
