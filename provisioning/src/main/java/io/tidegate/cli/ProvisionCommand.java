package io.tidegate.cli;

import io.tidegate.cli.provision.AtomicFiles;
import io.tidegate.cli.provision.DeviceSpec;
import io.tidegate.cli.provision.FileOwner;
import io.tidegate.cli.provision.GatewayIdentity;
import io.tidegate.cli.provision.ProfileTemplate;
import io.tidegate.engine.profile.ProfileException;
import io.tidegate.engine.profile.ProfileLoader;
import io.tidegate.engine.profile.SiteProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Creates a gateway's identity (key pair and CSR for the utility's CA) and its site profile from a
 * template and CSV register maps. The profile is validated before anything is written; an existing
 * identity or profile is kept unless {@code --force}.
 */
@Command(name = "provision", mixinStandardHelpOptions = true,
        description = {"Create the gateway identity (key pair, CSR for the utility's CA) and a site profile"
                + " from a template and CSV register maps.",
                "Writes OUT/site.yaml, OUT/identity/gateway.key (mode 0600), OUT/identity/gateway.csr and a copy of"
                        + " each register map; the profile passes `tidegate validate`."})
final class ProvisionCommand implements Callable<Integer> {
    static final String PROFILE_NAME = "site.yaml";
    static final String KEY_NAME = "gateway.key";
    static final String CSR_NAME = "gateway.csr";

    @Option(names = "--gateway-id", required = true, paramLabel = "ID",
            description = "Gateway id (Sparkplug edge node id), the CSR's CN, e.g. station-01.")
    String gatewayId;

    @Option(names = {"--group", "--site"}, required = true, paramLabel = "GROUP",
            description = "Sparkplug group id of the site, e.g. water-north.")
    String group;

    @Option(names = "--uplink-host", required = true, paramLabel = "HOST", description = "The MQTT broker.")
    String uplinkHost;

    @Option(names = "--uplink-port", defaultValue = "1883", paramLabel = "PORT",
            description = "The broker's port (default ${DEFAULT-VALUE}; 8883 for TLS).")
    int uplinkPort;

    @Option(names = "--device", paramLabel = "SPEC",
            description = "A device and its register map, repeatable: id=ID,driver=DRIVER,csv=FILE[,interval=5s]"
                    + "[,SETTING=VALUE...], e.g. id=meter1,driver=modbus-tcp,csv=meter.csv,host=10.0.0.5,unit=1")
    List<String> devices = new ArrayList<>();

    @Option(names = "--template", paramLabel = "FILE",
            description = "A profile template with {{gateway.id}}, {{gateway.group}}, {{uplink.host}},"
                    + " {{uplink.port}} and a {{devices}} line (default: the built-in one).")
    Path template;

    @Option(names = {"-o", "--out"}, defaultValue = ".", paramLabel = "DIR",
            description = "Folder for site.yaml, identity/ and the register maps (default: the current folder).")
    Path out;

    @Option(names = "--key-type", defaultValue = "EC", paramLabel = "ec|rsa",
            description = "Key algorithm: ec (P-256, default) or rsa.")
    String keyType;

    @Option(names = "--rsa-bits", defaultValue = "3072", paramLabel = "BITS",
            description = "RSA key size, at least 2048 (default ${DEFAULT-VALUE}).")
    int rsaBits;

    @Option(names = "--subject", defaultValue = "", paramLabel = "DN",
            description = "More of the CSR subject after CN=<gateway id>, as the CA asks, e.g. \"O=Utility North,C=DE\".")
    String subject;

    @Option(names = "--dns", paramLabel = "NAME", description = "A DNS name for the certificate, repeatable.")
    List<String> dnsNames = new ArrayList<>();

    @Option(names = "--force", description = "Replace an existing identity and profile.")
    boolean force;

    @Option(names = "--owner", paramLabel = "USER",
            description = "Give the written files to this user and its group, e.g. tidegate for the installed"
                    + " service (run as root); the key stays 0600.")
    String owner;

    @Override
    public Integer call() {
        try {
            return provision();
        } catch (IllegalArgumentException e) {
            System.err.println("tidegate provision: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            System.err.println("tidegate provision: " + e);
            return 1;
        }
    }

    private int provision() throws IOException {
        GatewayIdentity.KeyType type = keyType(keyType);
        List<DeviceSpec> specs = new ArrayList<>();
        for (String d : devices) {
            specs.add(DeviceSpec.parse(d));
        }
        Map<DeviceSpec, String> csvNames = csvNames(specs);
        FileOwner fileOwner = owner == null ? null : FileOwner.lookup(owner, out);

        Path profile = out.resolve(PROFILE_NAME);
        Path identity = out.resolve("identity");
        Path key = identity.resolve(KEY_NAME);
        Path csr = identity.resolve(CSR_NAME);
        List<Path> existing = new ArrayList<>();
        for (Path p : List.of(key, csr, profile)) {
            if (Files.exists(p)) {
                existing.add(p);
            }
        }
        if (!existing.isEmpty() && !force) {
            System.err.println("tidegate provision: this gateway is already provisioned: " + existing
                    + " exist(s). A new key pair would invalidate the certificate the CA issued for the old one;"
                    + " use --force to replace them, or --out for another folder.");
            return 1;
        }
        for (DeviceSpec d : specs) {
            if (!Files.isRegularFile(d.csv())) {
                throw new IllegalArgumentException("device " + d.id() + ": register map " + d.csv() + " not found");
            }
        }

        ProfileTemplate tpl = template == null ? ProfileTemplate.builtIn()
                : new ProfileTemplate(template.toString(), Files.readString(template, StandardCharsets.UTF_8));
        Map<String, String> values = new LinkedHashMap<>();
        values.put("gateway.id", gatewayId);
        values.put("gateway.group", group);
        values.put("uplink.host", uplinkHost);
        values.put("uplink.port", Integer.toString(uplinkPort));

        Progress progress = Progress.onStderr("provisioning " + gatewayId, 4L + specs.size());
        // Checked first against the installer's own CSV files, so an error names their file and line,
        // and nothing is written for a profile that would not load.
        progress.step("checking the profile");
        String checked = tpl.render(values, specs, d -> d.csv().toAbsolutePath().toString());
        try {
            ProfileLoader.load(checked, profile.toAbsolutePath());
        } catch (ProfileException e) {
            progress.finish();
            System.err.println("tidegate provision: the profile would not pass validation; nothing was written:");
            System.err.println(e.getMessage());
            return 1;
        }

        progress.step(type == GatewayIdentity.KeyType.EC ? "creating an EC P-256 key pair"
                : "creating an RSA " + rsaBits + " key pair");
        GatewayIdentity id = GatewayIdentity.create(gatewayId, group, subject, dnsNames, type, rsaBits);
        progress.step("writing " + key.getFileName() + " and " + csr.getFileName());
        Files.createDirectories(identity);
        AtomicFiles.writeOwnerOnly(key, id.privateKeyPem());
        AtomicFiles.write(csr, id.csrPem());

        for (DeviceSpec d : specs) {
            progress.step("copying " + d.csv().getFileName());
            AtomicFiles.write(out.resolve(csvNames.get(d)), Files.readAllBytes(d.csv()));
        }
        progress.step("writing " + PROFILE_NAME);
        AtomicFiles.write(profile, tpl.render(values, specs, csvNames::get).getBytes(StandardCharsets.UTF_8));
        progress.finish();
        if (fileOwner != null) {
            List<Path> written = new ArrayList<>(List.of(identity, key, csr, profile));
            specs.forEach(d -> written.add(out.resolve(csvNames.get(d))));
            for (Path p : written) {
                fileOwner.apply(p);
            }
        }

        SiteProfile site;
        try {
            site = ProfileLoader.load(profile);
        } catch (ProfileException e) {
            System.err.println("tidegate provision: the written profile does not pass validation:");
            System.err.println(e.getMessage());
            return 1;
        }
        System.out.printf("%s: gateway %s in group %s, %d devices, %d points, uplink %s:%d%n", profile,
                site.gateway().id(), site.gateway().group(), site.devices().size(), site.points().size(),
                site.uplink().host(), site.uplink().port());
        System.out.println(key + ": private key (" + (type == GatewayIdentity.KeyType.EC ? "EC P-256" : "RSA " + rsaBits)
                + "), readable by its owner only; it never leaves this machine");
        System.out.println(csr + ": certificate request for CN=" + gatewayId + ", "
                + GatewayIdentity.uri(group, gatewayId) + "; send it to the utility's CA");
        return 0;
    }

    private static GatewayIdentity.KeyType keyType(String text) {
        try {
            return GatewayIdentity.KeyType.valueOf(text.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--key-type '" + text + "': use ec or rsa");
        }
    }

    /** Each device's register map is copied as {@code <device id>.csv}, so two maps named alike never collide. */
    private static Map<DeviceSpec, String> csvNames(List<DeviceSpec> specs) {
        Map<DeviceSpec, String> names = new HashMap<>();
        Map<String, String> taken = new HashMap<>();
        for (DeviceSpec d : specs) {
            String name = d.id().replaceAll("[^A-Za-z0-9_.-]", "_") + ".csv";
            String other = taken.put(name, d.id());
            if (other != null) {
                throw new IllegalArgumentException("devices " + other + " and " + d.id() + " are the same device id");
            }
            names.put(d, name);
        }
        return names;
    }
}
