package io.tidegate.engine.profile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The demo site that ships in the engine jar: a simulated pump station and energy meter, forwarding
 * to a Sparkplug broker on 127.0.0.1:1883. The loader works on files, so the demo is copied out first.
 */
public final class DemoProfile {

    /** The profile's file name. */
    public static final String PROFILE = "demo-site.yaml";
    /** The meter's CSV register map, named by the profile. */
    public static final String METER_CSV = "demo-meter.csv";

    private static final String FOLDER = "/profiles/";
    private static final List<String> FILES = List.of(PROFILE, METER_CSV);

    private DemoProfile() {
    }

    /**
     * Copies the demo profile and its CSV register map into {@code dir} (created if needed,
     * replacing files of the same names).
     *
     * @return the path of the copied profile, ready for {@link ProfileLoader#load(Path)}
     * @throws IOException when the directory cannot be written or the jar lacks the demo files
     */
    public static Path copyTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : FILES) {
            try (InputStream in = DemoProfile.class.getResourceAsStream(FOLDER + name)) {
                if (in == null) {
                    throw new IOException("the demo file " + FOLDER + name + " is missing from the classpath");
                }
                Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return dir.resolve(PROFILE);
    }
}
