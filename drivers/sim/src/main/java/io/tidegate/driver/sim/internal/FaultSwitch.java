package io.tidegate.driver.sim.internal;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file whose presence makes a simulated device stop answering, so a demo or a test can pull the
 * cable with {@code touch} and plug it back with {@code rm}, from outside the process.
 */
final class FaultSwitch {
    private final Path path;

    /** @param path the switch file, or null for a device that always answers */
    FaultSwitch(Path path) {
        this.path = path;
    }

    boolean isSet() {
        return path != null && Files.exists(path);
    }

    Path path() {
        return path;
    }
}
