package io.tidegate.driver.opcua.internal;

import io.tidegate.api.DriverException;
import io.tidegate.api.Quality.Reason;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.api.config.OpcUaClientConfig;
import org.eclipse.milo.opcua.sdk.client.api.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.api.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.api.identity.UsernameProvider;
import org.eclipse.milo.opcua.sdk.client.api.identity.X509IdentityProvider;
import org.eclipse.milo.opcua.stack.client.DiscoveryClient;
import org.eclipse.milo.opcua.stack.client.security.ClientCertificateValidator;
import org.eclipse.milo.opcua.stack.client.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * Opens a connected Milo client for one server: discovers its endpoints, picks the one with the
 * configured security policy and mode, and connects with the gateway's certificate, the trust list
 * and the configured user identity. Failures become DriverExceptions an installer can act on.
 */
final class Connector {
    /** How often the client checks the server is alive while nothing else is sent. */
    static final long KEEP_ALIVE_MILLIS = 2_000;

    private Connector() {
    }

    static OpcUaClient connect(String deviceId, OpcUaSettings settings, GatewayPki pki) throws DriverException {
        long timeout = settings.requestTimeout().toMillis();
        EndpointDescription endpoint = selectEndpoint(deviceId, settings, discover(deviceId, settings, timeout));
        OpcUaClientConfig config = OpcUaClientConfig.builder()
                .setApplicationName(LocalizedText.english("Tidegate gateway"))
                .setApplicationUri(pki.applicationUri())
                .setProductUri(GatewayPki.PRODUCT_URI)
                .setEndpoint(endpoint)
                .setKeyPair(pki.keyPair())
                .setCertificate(pki.certificate())
                .setCertificateValidator(settings.trustAllServerCertificatesInsecureDevOnly()
                        ? new ClientCertificateValidator.InsecureValidator()
                        : new DefaultClientCertificateValidator(pki.trustList()))
                .setIdentityProvider(identity(deviceId, settings))
                .setRequestTimeout(uint(timeout))
                .setConnectTimeout(uint(timeout))
                .setKeepAliveInterval(uint(KEEP_ALIVE_MILLIS))
                .setKeepAliveFailuresAllowed(uint(1))
                .setSessionTimeout(uint(60_000))
                .build();
        OpcUaClient client;
        try {
            client = OpcUaClient.create(config);
        } catch (UaException e) {
            throw new DriverException(Reason.CONFIG_ERROR, prefix(deviceId) + "cannot create the client: "
                    + e.getMessage(), e);
        }
        try {
            client.connect().get(timeout * 2, TimeUnit.MILLISECONDS);
            return client;
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            client.disconnect();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw failure(deviceId, settings, pki, endpoint, e);
        }
    }

    static List<EndpointDescription> discover(String deviceId, OpcUaSettings settings, long timeout)
            throws DriverException {
        try {
            return DiscoveryClient.getEndpoints(settings.endpointUrl()).get(timeout, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new DriverException(Reason.COMM_FAILURE, prefix(deviceId) + "no answer to endpoint discovery at "
                    + settings.endpointUrl() + ": " + cause(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DriverException(Reason.COMM_FAILURE, prefix(deviceId) + "interrupted", e);
        }
    }

    /**
     * The endpoint matching the configured policy and mode, with the host and port the installer
     * configured: servers often advertise a host name the gateway cannot resolve.
     */
    static EndpointDescription selectEndpoint(String deviceId, OpcUaSettings settings, List<EndpointDescription> all)
            throws DriverException {
        String policyUri = SecurityPolicy.valueOf(settings.securityPolicy()).getUri();
        MessageSecurityMode mode = MessageSecurityMode.valueOf(settings.securityMode());
        URI url = URI.create(settings.endpointUrl());
        for (EndpointDescription e : all) {
            if (policyUri.equals(e.getSecurityPolicyUri()) && e.getSecurityMode() == mode) {
                return EndpointUtil.updateUrl(e, url.getHost(), url.getPort());
            }
        }
        String offered = all.stream().map(e -> SecurityPolicy.fromUriSafe(e.getSecurityPolicyUri())
                        .map(Enum::name).orElse(e.getSecurityPolicyUri()) + "/" + e.getSecurityMode())
                .distinct().collect(Collectors.joining(", "));
        throw new DriverException(Reason.CONFIG_ERROR, prefix(deviceId) + "the server offers no endpoint with "
                + "securityPolicy " + settings.securityPolicy() + " and securityMode " + settings.securityMode()
                + "; it offers: " + offered);
    }

    private static IdentityProvider identity(String deviceId, OpcUaSettings settings) throws DriverException {
        switch (settings.identity()) {
            case "username" -> {
                try {
                    String password = Files.readString(settings.passwordFile(), StandardCharsets.UTF_8).strip();
                    return new UsernameProvider(settings.username(), password);
                } catch (IOException e) {
                    // The path is named, the content never.
                    throw new DriverException(Reason.CONFIG_ERROR, prefix(deviceId) + "cannot read the password file "
                            + settings.passwordFile() + ": " + e.getMessage(), e);
                }
            }
            case "x509" -> {
                try {
                    X509Certificate cert = GatewayPki.readCertificate(settings.userCertificate());
                    PrivateKey key = GatewayPki.readKey(settings.userKey());
                    return new X509IdentityProvider(cert, key);
                } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
                    throw new DriverException(Reason.CONFIG_ERROR, prefix(deviceId) + "cannot read the user "
                            + "certificate " + settings.userCertificate() + " or key " + settings.userKey() + ": "
                            + e.getMessage(), e);
                }
            }
            default -> {
                return new AnonymousProvider();
            }
        }
    }

    private static DriverException failure(String deviceId, OpcUaSettings settings, GatewayPki pki,
                                           EndpointDescription endpoint, Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        long status = cause instanceof UaException ua ? ua.getStatusCode().getValue() & 0xFFFF0000L : 0;
        // Milo reports a refused server certificate as a closed connection; the rejected folder tells.
        if (!settings.trustAllServerCertificatesInsecureDevOnly() && pki.isRejected(endpoint.getServerCertificate())) {
            return new DriverException(Reason.CONFIG_ERROR, prefix(deviceId) + "the server's certificate is not "
                    + "trusted; it was saved in " + pki.rejectedDir() + ". Review it with 'tidegate opcua certs list'"
                    + " and trust it with 'tidegate opcua certs trust <thumbprint>'", cause);
        }
        if (status == StatusCodes.Bad_IdentityTokenInvalid || status == StatusCodes.Bad_IdentityTokenRejected
                || status == StatusCodes.Bad_UserAccessDenied) {
            return new DriverException(Reason.CONFIG_ERROR, prefix(deviceId) + "the server refused the "
                    + settings.identity() + " identity: " + Values.statusName(((UaException) cause).getStatusCode()),
                    cause);
        }
        return new DriverException(Reason.COMM_FAILURE, prefix(deviceId) + "cannot connect to "
                + settings.endpointUrl() + ": " + cause(e), cause);
    }

    static String cause(Exception e) {
        Throwable c = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (c instanceof UaException ua) {
            return Values.statusName(ua.getStatusCode()) + (c.getMessage() == null ? "" : " " + c.getMessage());
        }
        return c instanceof TimeoutException ? "timed out" : String.valueOf(c.getMessage() == null ? c : c.getMessage());
    }

    static String prefix(String deviceId) {
        return "OPC UA device '" + deviceId + "': ";
    }
}
