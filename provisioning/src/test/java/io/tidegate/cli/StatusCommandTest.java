package io.tidegate.cli;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tidegate status} against an HTTP server answering as the console does (the console itself
 * is tested over real HTTP in the runtime's ConsoleEndToEndTest): it finds the address and token in
 * the data folder, sends the token, prints the overview and says with its exit code whether all is well.
 */
class StatusCommandTest {
    private static final String OVERVIEW = """
            {"gatewayId":"demo-station-01","time":"2026-11-21T15:00:00Z",
             "uplinks":[{"name":"sparkplug tcp://127.0.0.1:1883","connected":true,"forwarded":1180,"lastError":""}],
             "samples":{"read":1234,"stored":1230,"forwarded":1180,"dropped":0},
             "buffer":{"pending":50,"inFlight":10,"oldestPending":"2026-11-21T14:59:58Z","oldestPendingAgeSeconds":2.25},"storeAlarm":false,
             "devices":[{"id":"station","state":"UP","lastError":"","since":"2026-11-21T14:59:00Z"},
                        {"id":"meter","state":"DOWN","lastError":"COMM_FAILURE: no answer from 10.0.0.7:502",
                         "since":"2026-11-21T14:59:30Z"}]}
            """;

    @TempDir
    Path data;
    private HttpServer server;
    private volatile String authorization;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void serve(String body) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/overview", exchange -> {
            authorization = exchange.getRequestHeaders().getFirst("Authorization");
            boolean ok = ("Bearer the-api-token").equals(authorization);
            byte[] bytes = (ok ? body : "{\"error\":\"log in first\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ok ? 200 : 401, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        Files.createDirectories(data.resolve("console"));
        Files.writeString(data.resolve("console/url"), "http://127.0.0.1:" + server.getAddress().getPort() + "/\n");
    }

    private int status(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        StatusCommand command = new StatusCommand();
        new CommandLine(command).parseArgs(args);
        return command.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void printsTheOverviewAndExitsTwoWhenADeviceIsDown() throws Exception {
        serve(OVERVIEW);
        Files.writeString(data.resolve("console/api-token"), "the-api-token\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit = status(out, new ByteArrayOutputStream(), "--data", data.toString());

        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals("Bearer the-api-token", authorization);
        assertTrue(text.contains("gateway  demo-station-01"), text);
        assertTrue(text.contains("uplink   sparkplug tcp://127.0.0.1:1883: online"), text);
        assertTrue(text.contains("samples  read 1234, stored 1230, forwarded 1180, dropped 0"), text);
        assertTrue(text.contains("buffer   50 waiting on disk (10 in flight), the oldest taken 2.3 s ago"), text);
        assertTrue(text.contains("meter            DOWN since"), text);
        assertTrue(text.contains("(COMM_FAILURE: no answer from 10.0.0.7:502)"), text);
        assertEquals(StatusCommand.ATTENTION, exit, "a device is down");
    }

    @Test
    void allWellExitsZero() throws Exception {
        serve(OVERVIEW.replace("\"DOWN\"", "\"UP\""));
        Files.writeString(data.resolve("console/api-token"), "the-api-token\n");

        assertEquals(0, status(new ByteArrayOutputStream(), new ByteArrayOutputStream(), "--data", data.toString()));
    }

    @Test
    void aRefusedTokenOrNoGatewayIsExitOneWithTheReason() throws Exception {
        serve(OVERVIEW);
        Files.writeString(data.resolve("console/api-token"), "another-gateways-token\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(1, status(new ByteArrayOutputStream(), err, "--data", data.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("refused the API token"), err.toString());

        ByteArrayOutputStream err2 = new ByteArrayOutputStream();
        assertEquals(1, status(new ByteArrayOutputStream(), err2, "--data", data.resolve("nowhere").toString()));
        assertTrue(err2.toString(StandardCharsets.UTF_8).contains("give --url"), err2.toString());
    }
}
