package io.tidegate.console.internal;

import io.tidegate.api.Device;
import io.tidegate.api.DeviceHealth;
import io.tidegate.api.Point;
import io.tidegate.api.Sample;
import io.tidegate.api.SiteModel;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine's {@link SiteModel} as it is now. Applying a configuration restarts the engine; the
 * console keeps running through that (and keeps its sessions, so the installer who applied stays
 * logged in to confirm), answering "restarting" for the moment there is no engine.
 */
final class LiveSite implements SiteModel {
    private final AtomicReference<SiteModel> current = new AtomicReference<>();

    void set(SiteModel site) {
        current.set(site);
    }

    void clear(SiteModel site) {
        current.compareAndSet(site, null);
    }

    private SiteModel site() {
        SiteModel site = current.get();
        if (site == null) {
            throw new EngineRestarting();
        }
        return site;
    }

    @Override
    public String gatewayId() {
        return site().gatewayId();
    }

    @Override
    public List<Device> devices() {
        return site().devices();
    }

    @Override
    public Optional<Point> point(String pointId) {
        return site().point(pointId);
    }

    @Override
    public Optional<DeviceHealth> health(String deviceId) {
        return site().health(deviceId);
    }

    @Override
    public long samplesRead() {
        return site().samplesRead();
    }

    @Override
    public Optional<Sample> latest(String pointId) {
        return site().latest(pointId);
    }

    /** No engine for a moment: the servlet answers 503 and the page asks again a second later. */
    static final class EngineRestarting extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EngineRestarting() {
            super("the gateway's engine is restarting with a new configuration; try again in a moment");
        }
    }
}
