package io.tidegate.engine.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the engine (PID {@value GatewayEngine#PID}). */
@ObjectClassDefinition(name = "Tidegate engine", description = "Reads the devices of a site profile and stores every sample.")
public @interface EngineConfig {

    @AttributeDefinition(description = "Path of the site profile (YAML) to run.")
    String profile();

    @AttributeDefinition(description = "Samples held in memory while the store refuses appends (e.g. disk full); the oldest are dropped beyond this.",
            min = "1000")
    int memoryBufferSamples() default 100_000;

    @AttributeDefinition(description = "SQLite file of the command audit; empty means audit.db in the bundle's data area.",
            required = false)
    String auditFile() default "";

    @AttributeDefinition(description = "Write commands accepted at once before the rate limit applies.", min = "1")
    int commandBurst() default 5;

    @AttributeDefinition(description = "Write commands accepted per minute, sustained.", min = "1")
    int commandsPerMinute() default 30;
}
