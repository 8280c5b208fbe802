package io.tidegate.cli;

import io.tidegate.api.Device;
import io.tidegate.api.DriverException;
import io.tidegate.driver.opcua.internal.AddressBrowser;
import io.tidegate.driver.opcua.internal.CertificateFolder;
import io.tidegate.driver.opcua.internal.GatewayPki;
import io.tidegate.driver.opcua.internal.OpcUaSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** OPC UA tools for installers: browse a server, review and trust server certificates. */
@Command(name = "opcua", description = "OPC UA: browse a server's address tree; list and trust server certificates.",
        subcommands = {OpcUaCommand.Browse.class, OpcUaCommand.Certs.class}, mixinStandardHelpOptions = true)
final class OpcUaCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** The gateway's OPC UA folder inside its data directory, as the driver uses it. */
    static Path pkiDir(Path data) {
        return data.resolve("opcua");
    }

    @Command(name = "browse", description = "Print the address tree under Objects: NodeIds, browse paths, data types.")
    static final class Browse implements Callable<Integer> {
        @Parameters(paramLabel = "URL", description = "The server, e.g. opc.tcp://plc1:4840")
        String url;

        @Option(names = "--data", defaultValue = "tidegate-data",
                description = "The gateway's data directory: its certificate and trust list (default ${DEFAULT-VALUE}).")
        Path data;

        @Option(names = "--depth", defaultValue = "6", description = "How deep to go below Objects (default ${DEFAULT-VALUE}).")
        int depth;

        @Option(names = "--include-server", description = "Also list the Server object's diagnostics nodes.")
        boolean includeServer;

        @Option(names = "--security-policy", defaultValue = "None",
                description = "None, Basic256Sha256, Aes128_Sha256_RsaOaep or Aes256_Sha256_RsaPss.")
        String policy;

        @Option(names = "--security-mode", description = "Sign or SignAndEncrypt (default: SignAndEncrypt with a policy).")
        String mode;

        @Option(names = "--username", description = "Log in as this user (with --password-file).")
        String username;

        @Option(names = "--password-file", description = "File holding the password; never give it on the command line.")
        Path passwordFile;

        @Override
        public Integer call() throws IOException {
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put(OpcUaSettings.ENDPOINT, url);
            settings.put(OpcUaSettings.SECURITY_POLICY, policy);
            if (mode != null) {
                settings.put(OpcUaSettings.SECURITY_MODE, mode);
            }
            if (username != null || passwordFile != null) {
                settings.put(OpcUaSettings.IDENTITY, "username");
                if (username != null) {
                    settings.put(OpcUaSettings.USERNAME, username);
                }
                if (passwordFile != null) {
                    settings.put(OpcUaSettings.PASSWORD_FILE, passwordFile.toString());
                }
            }
            Device server = new Device("browse", "opcua", settings, List.of());
            try (GatewayPki pki = GatewayPki.open(pkiDir(data))) {
                int nodes = AddressBrowser.browse(server, pki, depth, includeServer, System.out);
                System.out.printf("%d nodes%n", nodes);
                return 0;
            } catch (DriverException e) {
                System.err.println(e.getMessage().replace("OPC UA device 'browse': ", ""));
                return 1;
            }
        }
    }

    @Command(name = "certs", description = "Server certificates: 'list' shows refused and trusted ones, 'trust' accepts one.",
            subcommands = {List_.class, Trust.class}, mixinStandardHelpOptions = true)
    static final class Certs implements Runnable {
        @Override
        public void run() {
            new picocli.CommandLine(this).usage(System.out);
        }
    }

    @Command(name = "list", description = "List server certificates refused (waiting for review) and trusted.")
    static final class List_ implements Callable<Integer> {
        @Option(names = "--data", defaultValue = "tidegate-data", description = "The gateway's data directory (default ${DEFAULT-VALUE}).")
        Path data;

        @Override
        public Integer call() throws IOException {
            CertificateFolder folder = new CertificateFolder(pkiDir(data));
            print("rejected (not trusted; review, then: tidegate opcua certs trust THUMBPRINT)", folder.rejected());
            print("trusted", folder.trusted());
            return 0;
        }

        private static void print(String title, List<CertificateFolder.Entry> entries) {
            System.out.printf("%s: %d%n", title, entries.size());
            for (CertificateFolder.Entry e : entries) {
                System.out.printf("  %s  %s%n      application URI %s, valid %s to %s%n", e.thumbprint(), e.subject(),
                        e.applicationUri().isEmpty() ? "(none)" : e.applicationUri(), e.notBefore(), e.notAfter());
            }
        }
    }

    @Command(name = "trust", description = "Trust a refused server certificate; the running gateway uses it at its next connection attempt.")
    static final class Trust implements Callable<Integer> {
        @Parameters(paramLabel = "THUMBPRINT", description = "The thumbprint 'list' shows (at least its first 8 hex digits).")
        String thumbprint;

        @Option(names = "--data", defaultValue = "tidegate-data", description = "The gateway's data directory (default ${DEFAULT-VALUE}).")
        Path data;

        @Override
        public Integer call() throws IOException {
            try {
                CertificateFolder.Entry e = new CertificateFolder(pkiDir(data)).trust(thumbprint);
                System.out.printf("trusted %s  %s%n", e.thumbprint(), e.subject());
                return 0;
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return 1;
            }
        }
    }
}
