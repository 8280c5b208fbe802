package io.tidegate.cli.provision;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * A gateway's identity as the utility's CA sees it: a fresh key pair and a PKCS#10 certificate
 * signing request whose subject CN is the gateway id. The CSR also carries the id as a URI
 * subject alternative name ({@code urn:tidegate:<group>:<id>}, because an id such as
 * {@code station_01} is not a valid DNS name) plus any DNS names the installer gives, and asks for
 * a TLS client certificate (key usage digitalSignature, extended key usage clientAuth) for mutual
 * TLS to the broker.
 *
 * <p>Keys come from the JDK's own providers; Bouncy Castle only builds and encodes the CSR.
 */
public final class GatewayIdentity {

    /** The key algorithm: EC on P-256 (small and fast on a small board) or RSA. */
    public enum KeyType {
        EC, RSA
    }

    /** The smallest RSA modulus accepted: anything below 2048 bits is refused by CAs and NIST alike. */
    public static final int MIN_RSA_BITS = 2048;

    private final KeyPair keyPair;
    private final PKCS10CertificationRequest csr;

    private GatewayIdentity(KeyPair keyPair, PKCS10CertificationRequest csr) {
        this.keyPair = keyPair;
        this.csr = csr;
    }

    /**
     * Creates a key pair and signs a CSR with it.
     *
     * @param gatewayId     the gateway id (Sparkplug edge node id): the subject's CN
     * @param group         the Sparkplug group id, part of the URI name
     * @param extraSubject  RDNs the CA wants after the CN, e.g. {@code O=Utility North,C=DE}; may be empty
     * @param dnsNames      DNS subject alternative names; may be empty
     * @param type          key algorithm
     * @param rsaBits       RSA modulus size (ignored for EC)
     * @throws IllegalArgumentException when the subject or the key size is not acceptable
     */
    public static GatewayIdentity create(String gatewayId, String group, String extraSubject, List<String> dnsNames,
                                         KeyType type, int rsaBits) {
        X500Name subject = subject(gatewayId, extraSubject);
        KeyPair keyPair = generate(type, rsaBits);
        try {
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            List<GeneralName> names = new ArrayList<>();
            names.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri(group, gatewayId)));
            for (String dns : dnsNames) {
                names.add(new GeneralName(GeneralName.dNSName, dns));
            }
            extensions.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(new GeneralName[0])));
            int usage = KeyUsage.digitalSignature | (type == KeyType.RSA ? KeyUsage.keyEncipherment : 0);
            extensions.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            extensions.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(subject, keyPair.getPublic())
                    .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate())
                    .build(new JcaContentSignerBuilder(type == KeyType.EC ? "SHA256withECDSA" : "SHA256withRSA")
                            .build(keyPair.getPrivate()));
            return new GatewayIdentity(keyPair, csr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign the CSR: " + e.getMessage(), e);
        }
    }

    /** The URI subject alternative name that names a gateway independently of its address. */
    public static String uri(String group, String gatewayId) {
        return "urn:tidegate:" + group + ":" + gatewayId;
    }

    static X500Name subject(String gatewayId, String extraSubject) {
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, gatewayId);
        if (extraSubject != null && !extraSubject.isBlank()) {
            X500Name extra;
            try {
                extra = new X500Name(BCStyle.INSTANCE, extraSubject);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--subject '" + extraSubject + "' is not a distinguished name such"
                        + " as O=Utility North,OU=Telemetry,C=DE: " + e.getMessage(), e);
            }
            for (var rdn : extra.getRDNs()) {
                if (rdn.getFirst().getType().equals(BCStyle.CN)) {
                    throw new IllegalArgumentException("--subject must not set CN: the CN is the gateway id");
                }
                builder.addMultiValuedRDN(rdn.getTypesAndValues());
            }
        }
        return builder.build();
    }

    private static KeyPair generate(KeyType type, int rsaBits) {
        try {
            if (type == KeyType.EC) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                return generator.generateKeyPair();
            }
            if (rsaBits < MIN_RSA_BITS) {
                throw new IllegalArgumentException("--rsa-bits " + rsaBits + " is too small; use at least "
                        + MIN_RSA_BITS + " (3072 recommended)");
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(rsaBits, RSAKeyGenParameterSpec.F4));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot create " + type.name().toLowerCase(Locale.ROOT)
                    + " keys: " + e.getMessage(), e);
        }
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    public PKCS10CertificationRequest csr() {
        return csr;
    }

    /** The private key as unencrypted PEM PKCS#8 ("PRIVATE KEY"), the form the uplink's keyFile reads. */
    public byte[] privateKeyPem() {
        return pem("PRIVATE KEY", keyPair.getPrivate().getEncoded());
    }

    /** The CSR as PEM ("CERTIFICATE REQUEST"), the form CAs accept. */
    public byte[] csrPem() {
        try {
            return pem("CERTIFICATE REQUEST", csr.getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] pem(String type, byte[] der) {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
