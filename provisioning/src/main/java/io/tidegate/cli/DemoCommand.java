package io.tidegate.cli;

import io.tidegate.engine.profile.DemoProfile;
import io.tidegate.runtime.EmbeddedBroker;
import io.tidegate.runtime.LaunchOptions;
import io.tidegate.runtime.Launcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The demo: the simulated pump station and energy meter, forwarded as Sparkplug B to an embedded
 * broker, with a status line every few seconds.
 */
@Command(name = "demo", description = "Run the demo site (simulated pump station and meter) with an embedded MQTT broker.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--data", defaultValue = "tidegate-data/demo", description = "State directory (default ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--port", defaultValue = "1883", description = "Port of the embedded broker on 127.0.0.1 (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--status", defaultValue = "5", description = "Seconds between status lines (default ${DEFAULT-VALUE}).")
    int status;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() throws Exception {
        Path profile = DemoProfile.copyTo(data.resolve("profile"));
        if (port != 1883) {
            // The demo profile names the default port; point it at the one asked for.
            Files.writeString(profile, Files.readString(profile).replace("port: 1883", "port: " + port));
        }
        EmbeddedBroker broker;
        try {
            broker = EmbeddedBroker.start("127.0.0.1", port);
        } catch (IOException e) {
            System.err.println(e.getMessage() + "\nIs another broker using port " + port + "? Try --port 18830.");
            return 1;
        }
        String url = broker.url();
        System.out.println("""
                Tidegate demo: a simulated sewage pump station and a three-phase energy meter
                  broker   %s (embedded, anonymous, local only)
                  topics   spBv1.0/tidegate-demo/# : NBIRTH, DBIRTH, DDATA (and NDEATH on stop)
                  watch    ./tidegate watch --rebirth --broker %s   (in another terminal)
                  profile  %s
                  queue    %s (SQLite, survives restarts)
                  console  http://127.0.0.1:8080/ (first run: the setup token is in the log below and in
                           %s); ./tidegate status asks it from a terminal
                Status every %d s: read = samples polled, stored = committed to the queue,
                forwarded = acknowledged by the broker, buffered = waiting in the queue. Ctrl-C stops.
                """.formatted(url, url, profile, data.resolve("queue.db"), data.resolve("console/setup-token"), status));
        Launcher launcher = Launcher.start(new LaunchOptions(runtime.framework, runtime.home(), profile, data, status));
        // One hook, in order: the gateway sends NDEATH while the broker is still there.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            launcher.close();
            broker.close();
        }, "tidegate-demo-shutdown"));
        launcher.framework().waitForStop(0);
        return 0;
    }
}
