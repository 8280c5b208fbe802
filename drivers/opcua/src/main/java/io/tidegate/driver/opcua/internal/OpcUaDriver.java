package io.tidegate.driver.opcua.internal;

import io.tidegate.api.Device;
import io.tidegate.api.DeviceSession;
import io.tidegate.api.Driver;
import io.tidegate.api.DriverException;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import org.eclipse.milo.opcua.stack.core.Stack;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The OPC UA driver. One device is one server; see {@link OpcUaSettings} for its settings and
 * {@link NodeAddress} for point addresses. On activation it opens (and on first start creates) the
 * gateway's application instance certificate and trust list, shared by all devices.
 */
@Component(service = Driver.class, property = Driver.NAME_PROPERTY + "=opcua", configurationPid = OpcUaDriver.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = OpcUaDriverConfig.class)
public final class OpcUaDriver implements Driver {
    public static final String PID = "io.tidegate.driver.opcua";
    /** The launcher's data directory property (see the engine's ProfileConfigurator). */
    static final String DATA_PROPERTY = "tidegate.data";
    private static final Logger LOG = System.getLogger(OpcUaDriver.class.getName());

    private final GatewayPki pki;
    private final boolean ownsStack;

    @Activate
    public OpcUaDriver(BundleContext context, OpcUaDriverConfig config) throws IOException {
        this(GatewayPki.open(pkiDir(context, config)), true);
        LOG.log(Level.INFO, "OPC UA driver ready: application URI {0}, certificates in {1}", pki.applicationUri(),
                pki.dir());
    }

    /** A driver on a given certificate folder, for tests; it leaves Milo's shared threads alone. */
    public OpcUaDriver(GatewayPki pki, boolean ownsStack) {
        this.pki = pki;
        this.ownsStack = ownsStack;
    }

    static Path pkiDir(BundleContext context, OpcUaDriverConfig config) {
        if (config != null && !config.pkiDir().isBlank()) {
            return Path.of(config.pkiDir());
        }
        String data = context.getProperty(DATA_PROPERTY);
        if (data != null && !data.isBlank()) {
            return Path.of(data).resolve("opcua");
        }
        return context.getDataFile("opcua").toPath();
    }

    @Override
    public DeviceSession open(Device device) throws DriverException {
        return new OpcUaSession(device, OpcUaSettings.of(device), pki);
    }

    public GatewayPki pki() {
        return pki;
    }

    @Deactivate
    void deactivate() {
        pki.close();
        if (ownsStack) {
            // Milo's event loop and timers are static; without this they outlive the bundle.
            Stack.releaseSharedResources();
            BouncyCastle.unregister();
        }
    }
}
