package io.tidegate.store.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the sample store (PID {@code io.tidegate.store}). */
@ObjectClassDefinition(
        id = SqliteStoreComponent.PID,
        name = "Tidegate sample store",
        description = "The durable queue that holds every sample on the gateway's disk until an uplink"
                + " has delivered it upstream.")
public @interface SqliteStoreConfig {

    @AttributeDefinition(
            name = "Database file",
            description = "Path of the SQLite database file that holds the queue, e.g."
                    + " /var/lib/tidegate/store.db. Use an absolute path on persistent storage (not tmpfs);"
                    + " missing parent directories are created. Samples survive restarts and power cuts"
                    + " only as long as this file does.",
            required = true)
    String path();
}
