package io.tidegate.driver.opcua.internal;

import io.tidegate.api.Device;
import io.tidegate.api.DeviceDiscovery;
import io.tidegate.api.Driver;
import io.tidegate.api.DriverException;
import io.tidegate.api.Quality.Reason;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.Identifiers;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import java.io.PrintStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Browses one level of an OPC UA server's address space below a node, for the console: each object
 * and variable with the NodeId to paste into a profile, and for variables the data type and whether
 * it is writable. It connects as a device with the same settings would (the driver's certificate and
 * trust list, {@link Connector}) and reads what {@code tidegate opcua browse} reads ({@link AddressBrowser}).
 */
@Component(service = DeviceDiscovery.class, property = Driver.NAME_PROPERTY + "=opcua")
public final class OpcUaNodeBrowser implements DeviceDiscovery {
    static final String NODE = "node";
    private final GatewayPki pki;

    @Activate
    public OpcUaNodeBrowser(@Reference(target = "(" + Driver.NAME_PROPERTY + "=opcua)") Driver driver) {
        this(((OpcUaDriver) driver).pki());
    }

    /** On a given certificate folder, for tests. */
    public OpcUaNodeBrowser(GatewayPki pki) {
        this.pki = pki;
    }

    @Override
    public Description describe() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(OpcUaSettings.ENDPOINT, "the server, e.g. opc.tcp://10.0.0.9:4840");
        p.put(NODE, "the node whose children are listed, default i=85 (Objects)");
        p.put(OpcUaSettings.SECURITY_POLICY, "as for a device, default as the driver chooses");
        p.put(OpcUaSettings.SECURITY_MODE, "as for a device");
        p.put(OpcUaSettings.IDENTITY, "anonymous (default) or username");
        p.put(OpcUaSettings.USERNAME, "user name, with identity username");
        p.put(OpcUaSettings.PASSWORD_FILE, "file holding the password, with identity username");
        return new Description("browse nodes", p);
    }

    @Override
    public Result discover(Map<String, String> parameters, Consumer<Progress> progress) throws DriverException {
        Map<String, String> settings = new HashMap<>(parameters);
        settings.remove("driver");
        String nodeText = settings.remove(NODE);
        NodeId node;
        try {
            node = nodeText == null || nodeText.isBlank() ? Identifiers.ObjectsFolder : NodeId.parse(nodeText.trim());
        } catch (RuntimeException e) {
            throw new DriverException(Reason.CONFIG_ERROR, "'" + nodeText + "' is not a NodeId; write it as in a"
                    + " profile, e.g. ns=2;s=Plant or i=85");
        }
        settings.values().removeIf(String::isBlank);
        long start = System.nanoTime();
        Device server = new Device("browse", "opcua", settings, List.of());
        OpcUaSettings opcua;
        try {
            opcua = OpcUaSettings.of(server);
        } catch (IllegalArgumentException e) {
            throw new DriverException(Reason.CONFIG_ERROR, e.getMessage());
        }
        OpcUaClient client = Connector.connect(server.id(), opcua, pki);
        try {
            AddressBrowser browser = new AddressBrowser(client, new PrintStream(OutputStream.nullOutputStream()), 1,
                    true, opcua.requestTimeout().toMillis());
            List<ReferenceDescription> refs = browser.browseAll(node);
            List<ReferenceDescription> variables = refs.stream()
                    .filter(r -> r.getNodeClass() == NodeClass.Variable).toList();
            List<String> types = browser.describeVariables(variables);
            List<Finding> findings = new ArrayList<>();
            int v = 0;
            for (ReferenceDescription ref : refs) {
                NodeId id = ref.getNodeId().toNodeId(client.getNamespaceTable()).orElse(null);
                String type = ref.getNodeClass() == NodeClass.Variable ? types.get(v++) : "";
                if (id == null) {
                    continue; // a node on another server: nothing a point could read here
                }
                QualifiedName name = ref.getBrowseName();
                Map<String, String> details = new LinkedHashMap<>();
                details.put("nodeClass", ref.getNodeClass().name());
                if (!type.isEmpty()) {
                    details.put("dataType", type.replace(" rw", ""));
                    details.put("writable", Boolean.toString(type.endsWith(" rw")));
                }
                details.put("browseName", (name.getNamespaceIndex().intValue() == 0 ? ""
                        : name.getNamespaceIndex() + ":") + name.getName());
                Finding finding = new Finding(id.toParseableString(), name.getName(), details);
                findings.add(finding);
                progress.accept(new Progress(findings.size(), refs.size(), finding));
            }
            return new Result(findings, refs.size(), Duration.ofNanos(System.nanoTime() - start), true,
                    findings.isEmpty() ? "no object or variable below " + node.toParseableString() : "");
        } finally {
            try {
                client.disconnect().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the answer is complete; a failed goodbye changes nothing
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
