package io.tidegate.runtime;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The gateway's log also goes to {@code <data>/logs/tidegate.N.log} (N = 0 the newest; 1 MB each,
 * 5 kept), besides standard output: so the console's diagnostics bundle can include it, which the
 * service manager's journal is not reachable for. The folder is 0700 and the files 0600, because
 * the first-run setup token is logged on purpose.
 */
final class GatewayLogFile implements AutoCloseable {
    static final String PATTERN = "tidegate.%g.log";
    private static final int LIMIT_BYTES = 1024 * 1024;
    private static final int COUNT = 5;

    private final Handler handler;

    private GatewayLogFile(Handler handler) {
        this.handler = handler;
    }

    /** Starts writing the JVM's log (the root logger) to the data directory's logs folder. */
    static GatewayLogFile attach(Path dataDir) throws IOException {
        Path dir = dataDir.resolve("logs");
        Files.createDirectories(dir);
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (posix) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        FileHandler file = new FileHandler(dir.resolve(PATTERN).toString(), LIMIT_BYTES, COUNT, true);
        file.setEncoding("UTF-8");
        file.setLevel(Level.INFO);
        file.setFormatter(new OneLine());
        if (posix) {
            // FileHandler creates with the process umask; the setup token must not be readable by others.
            try (var logs = Files.newDirectoryStream(dir, "tidegate.*.log")) {
                for (Path log : logs) {
                    Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-------"));
                }
            }
        }
        Logger.getLogger("").addHandler(file);
        return new GatewayLogFile(file);
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(handler);
        handler.close();
    }

    /**
     * {@code 2026-11-21T15:33:40.101Z WARNING [logger] message}, and the stack trace if any. The logger
     * is in brackets, not before a colon: a logger named ...Credentials must not read as a
     * {@code credentials: value} pair to the diagnostics bundle's redaction.
     */
    private static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord record) {
            StringBuilder out = new StringBuilder();
            out.append(Instant.ofEpochMilli(record.getMillis())).append(' ').append(record.getLevel().getName())
                    .append(" [").append(record.getLoggerName()).append("] ").append(formatMessage(record))
                    .append(System.lineSeparator());
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                out.append(trace);
            }
            return out.toString();
        }
    }
}
