package io.tidegate.cli;

import io.tidegate.engine.profile.ProfileException;
import io.tidegate.engine.profile.ProfileLoader;
import io.tidegate.engine.profile.SiteProfile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Checks a site profile without starting anything. Exit code 1 when it is invalid. */
@Command(name = "validate", description = "Check a site profile; every error names file, line and field.")
final class ValidateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PROFILE", description = "The site profile (YAML).")
    Path profile;

    @Override
    public Integer call() {
        try {
            SiteProfile site = ProfileLoader.load(profile);
            System.out.printf("%s: OK: gateway %s in group %s, %d devices, %d points, uplink %s:%d%n", profile,
                    site.gateway().id(), site.gateway().group(), site.devices().size(), site.points().size(),
                    site.uplink().host(), site.uplink().port());
            return 0;
        } catch (ProfileException e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }
}
