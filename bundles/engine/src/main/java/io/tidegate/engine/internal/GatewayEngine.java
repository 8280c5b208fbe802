package io.tidegate.engine.internal;

import io.tidegate.api.CommandHandler;
import io.tidegate.api.Device;
import io.tidegate.api.DeviceHealth;
import io.tidegate.api.Driver;
import io.tidegate.api.GatewayPoints;
import io.tidegate.api.Point;
import io.tidegate.api.Sample;
import io.tidegate.api.SampleStore;
import io.tidegate.api.SiteModel;
import io.tidegate.engine.profile.ProfileException;
import io.tidegate.engine.profile.ProfileLoader;
import io.tidegate.engine.profile.SiteProfile;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletionStage;
import org.osgi.framework.BundleContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The engine: runs the devices of one site profile, polling each at its intervals and handing
 * every sample to the store. It is also the {@link SiteModel} the uplinks describe upstream.
 */
@Component(configurationPid = GatewayEngine.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = {SiteModel.class, CommandHandler.class})
@Designate(ocd = EngineConfig.class)
public class GatewayEngine implements SiteModel, CommandHandler {
    public static final String PID = "io.tidegate.engine";
    private static final Logger LOG = System.getLogger(GatewayEngine.class.getName());

    private final DriverRegistry drivers = new DriverRegistry();
    private final AtomicLong samplesRead = new AtomicLong();
    private final LatestSamples latest = new LatestSamples();
    private final SiteProfile profile;
    private final SampleSink sink;
    private final Map<String, DevicePoller> pollers = new LinkedHashMap<>();

    private final AuditLog audit;
    private final CommandProcessor commands;

    @Activate
    public GatewayEngine(@Reference SampleStore store, EngineConfig config, BundleContext context)
            throws ProfileException, IOException {
        this.profile = ProfileLoader.load(Path.of(config.profile()));
        this.sink = new SampleSink(store, config.memoryBufferSamples(), latest);
        for (Device device : profile.devices()) {
            pollers.put(device.id(), new DevicePoller(device, drivers::find, sink, samplesRead, latest));
        }
        Path auditFile = config.auditFile().isEmpty() ? context.getDataFile("audit.db").toPath()
                : Path.of(config.auditFile());
        this.audit = AuditLog.open(auditFile);
        this.commands = new CommandProcessor(new CommandRules(this::point),
                new RateLimiter(config.commandBurst(), config.commandsPerMinute(), System::nanoTime),
                deviceId -> {
                    DevicePoller poller = pollers.get(deviceId);
                    return poller == null ? null : poller::write;
                }, audit, store, System::currentTimeMillis);
    }

    /** Polling starts after activation, once the driver references are bound. */
    @Activate
    void start() {
        pollers.values().forEach(DevicePoller::start);
        LOG.log(Level.INFO, "engine running {0}: {1} devices, {2} points", profile.source(), pollers.size(),
                profile.devices().stream().mapToInt(d -> d.points().size()).sum());
    }

    /** Stops every device at once, then waits: a slow device does not hold up the others. */
    @Deactivate
    void stop() {
        pollers.values().forEach(DevicePoller::requestStop);
        pollers.values().forEach(p -> p.awaitStop(5000));
        audit.close();
    }

    @Override
    public CompletionStage<Result> write(Write command) {
        return commands.write(command);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDriver(Driver driver, Map<String, Object> properties) {
        drivers.add(String.valueOf(properties.get(Driver.NAME_PROPERTY)), driver);
    }

    void removeDriver(Driver driver, Map<String, Object> properties) {
        String name = String.valueOf(properties.get(Driver.NAME_PROPERTY));
        drivers.remove(name, driver);
        // Sessions opened by the departing driver must not outlive it (stale classes, held ports).
        pollers.values().stream().filter(p -> p.driverName().equals(name)).forEach(DevicePoller::dropSession);
    }

    @Override
    public String gatewayId() {
        return profile.gateway().id();
    }

    @Override
    public List<Device> devices() {
        return profile.devices();
    }

    @Override
    public Optional<Point> point(String pointId) {
        Point gatewayPoint = GatewayPoints.byId(pointId);
        return gatewayPoint != null ? Optional.of(gatewayPoint) : profile.point(pointId);
    }

    @Override
    public Optional<DeviceHealth> health(String deviceId) {
        return Optional.ofNullable(pollers.get(deviceId)).map(DevicePoller::health);
    }

    @Override
    public long samplesRead() {
        return samplesRead.get();
    }

    @Override
    public Optional<Sample> latest(String pointId) {
        return latest.get(pointId);
    }
}
