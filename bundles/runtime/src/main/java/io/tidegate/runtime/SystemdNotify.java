package io.tidegate.runtime;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells systemd that the gateway is up ({@code READY=1}) and, when the unit sets
 * {@code WatchdogSec=}, that it is still alive ({@code WATCHDOG=1} every half period).
 *
 * <p>systemd listens on a Unix <em>datagram</em> socket ({@code $NOTIFY_SOCKET}); Java 17 can
 * open Unix domain sockets only as streams (JEP 380), so the messages go through systemd's own
 * {@code systemd-notify} command. It runs as a child process, which is why the unit says
 * {@code NotifyAccess=all}; it waits until PID 1 has taken the message (systemd-notify(1) of
 * systemd 252, Debian 12), so a message is not lost when the short-lived child has already exited.
 *
 * <p>The ping runs on its own thread and only while the OSGi framework is active: a JVM that
 * stops (frozen, thrashing in GC, its framework stopped) stops pinging and systemd restarts
 * it. Outside systemd ({@code NOTIFY_SOCKET} unset) this does nothing.
 */
public final class SystemdNotify implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SystemdNotify.class.getName());

    private final String command;
    private final long watchdogMicros;
    private ScheduledExecutorService pinger;
    private boolean warned;

    SystemdNotify(String command, long watchdogMicros) {
        this.command = command;
        this.watchdogMicros = watchdogMicros;
    }

    /**
     * From the environment systemd gives a service: NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID
     * (the watchdog is ours only when WATCHDOG_PID is unset or our own pid), and TIDEGATE_SYSTEMD_NOTIFY
     * for another command than systemd-notify on the PATH.
     */
    public static SystemdNotify fromEnvironment(Map<String, String> env) {
        if (env.get("NOTIFY_SOCKET") == null || env.get("NOTIFY_SOCKET").isEmpty()) {
            return new SystemdNotify(null, 0);
        }
        long micros = 0;
        String pid = env.get("WATCHDOG_PID");
        if (pid == null || pid.equals(Long.toString(ProcessHandle.current().pid()))) {
            try {
                micros = Long.parseLong(env.getOrDefault("WATCHDOG_USEC", "0"));
            } catch (NumberFormatException e) {
                LOG.warning("WATCHDOG_USEC is not a number: " + env.get("WATCHDOG_USEC") + "; no watchdog pings");
            }
        }
        return new SystemdNotify(env.getOrDefault("TIDEGATE_SYSTEMD_NOTIFY", "systemd-notify"), micros);
    }

    /** Whether systemd asked for notifications. */
    public boolean active() {
        return command != null;
    }

    /** The ping period: half the watchdog timeout, as sd_watchdog_enabled(3) advises; 0 without a watchdog. */
    public long pingMillis() {
        return watchdogMicros / 2000;
    }

    /**
     * Start-up is complete: sends READY=1 and starts the watchdog pings.
     *
     * @param status  a line for {@code systemctl status}
     * @param healthy asked before each ping; a false answer skips the ping
     */
    public synchronized void ready(String status, BooleanSupplier healthy) {
        if (!active()) {
            return;
        }
        send("READY=1", "STATUS=" + status);
        long period = pingMillis();
        if (period > 0 && pinger == null) {
            pinger = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "tidegate-systemd-watchdog");
                t.setDaemon(true);
                return t;
            });
            pinger.scheduleAtFixedRate(() -> {
                if (healthy.getAsBoolean()) {
                    send("WATCHDOG=1");
                } else {
                    LOG.warning("the OSGi framework is not active: no watchdog ping; systemd will restart the gateway");
                }
            }, period, period, TimeUnit.MILLISECONDS);
            LOG.log(Level.INFO, "systemd watchdog: pinging every {0} ms", period);
        }
    }

    /** The gateway is shutting down: STOPPING=1 and no more pings. */
    @Override
    public synchronized void close() {
        if (pinger != null) {
            pinger.shutdownNow();
            pinger = null;
        }
        if (active()) {
            send("STOPPING=1");
        }
    }

    private void send(String... assignments) {
        List<String> argv = new ArrayList<>();
        argv.add(command);
        argv.addAll(List.of(assignments));
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                warnOnce(command + " did not finish within 10 s");
            } else if (p.exitValue() != 0) {
                warnOnce(command + " " + assignments[0] + " failed with exit code " + p.exitValue());
            }
        } catch (IOException e) {
            warnOnce("NOTIFY_SOCKET is set but " + command + " cannot run (" + e.getMessage()
                    + "); install systemd's systemd-notify, or systemd will consider the gateway hung");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void warnOnce(String message) {
        if (!warned) {
            warned = true;
            LOG.warning(message);
        }
    }
}
