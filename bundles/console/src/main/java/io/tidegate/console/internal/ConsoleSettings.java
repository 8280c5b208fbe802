package io.tidegate.console.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Tidegate installer console",
        description = "Web console, REST API and Prometheus metrics for installers. The HTTP server itself"
                + " (port, address) belongs to the framework's HTTP service.")
public @interface ConsoleSettings {
    @AttributeDefinition(description = "Folder where the console keeps its password hash, setup token and API"
            + " token (each readable by the gateway's user only).")
    String dataDir();

    @AttributeDefinition(description = "The address the HTTP service listens on, for the console's own"
            + " address file and log line.")
    String bind() default "127.0.0.1";

    @AttributeDefinition(description = "The port the HTTP service listens on; 0 when the console is off.", min = "0",
            max = "65535")
    int port() default 8080;

    @AttributeDefinition(description = "Whether the HTTP service serves HTTPS (for the console's own address"
            + " file and log line; the server itself is the framework's).")
    boolean https() default false;

    @AttributeDefinition(description = "The site profile, for the diagnostics bundle (with secrets removed);"
            + " empty when there is none (e.g. on Kura).")
    String profile() default "";

    @AttributeDefinition(description = "Minutes of inactivity after which a login session ends.", min = "1")
    int sessionTimeoutMinutes() default 30;
}
