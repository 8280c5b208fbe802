package io.tidegate.engine.internal;

import io.tidegate.api.Driver;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The drivers currently installed, by name. Drivers may come and go while the engine runs. */
final class DriverRegistry {
    private final Map<String, Driver> drivers = new ConcurrentHashMap<>();

    void add(String name, Driver driver) {
        drivers.put(name, driver);
    }

    void remove(String name, Driver driver) {
        drivers.remove(name, driver);
    }

    Optional<Driver> find(String name) {
        return Optional.ofNullable(drivers.get(name));
    }
}
