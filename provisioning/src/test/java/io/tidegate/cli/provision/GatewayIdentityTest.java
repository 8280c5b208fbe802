package io.tidegate.cli.provision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;
import org.junit.jupiter.api.Test;

class GatewayIdentityTest {
    /** Bouncy Castle as the CA's side: the JDK finds no key factory by the EC key's OID. */
    private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();


    /** Reads the CSR back from its PEM text, as the CA would. */
    private static PKCS10CertificationRequest parse(byte[] pem) throws Exception {
        try (PEMParser parser = new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
            return (PKCS10CertificationRequest) parser.readObject();
        }
    }

    private static PrivateKey privateKey(byte[] pem, String algorithm) throws Exception {
        try (PemReader reader = new PemReader(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
            PemObject object = reader.readPemObject();
            assertEquals("PRIVATE KEY", object.getType(), "PKCS#8, the form the uplink's keyFile reads");
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(object.getContent()));
        }
    }

    @Test
    void anEcCsrCarriesTheGatewayIdAndVerifiesWithItsOwnKey() throws Exception {
        GatewayIdentity id = GatewayIdentity.create("station-07", "water-north", "O=Utility North,OU=Telemetry,C=DE",
                List.of("station-07.gw.example.net"), GatewayIdentity.KeyType.EC, 0);

        JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest(parse(id.csrPem())).setProvider(BC);
        assertTrue(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC).build(csr.getSubjectPublicKeyInfo())),
                "the CSR's signature verifies with the public key it carries");
        assertEquals("SHA256WITHECDSA", new org.bouncycastle.operator.DefaultAlgorithmNameFinder()
                .getAlgorithmName(csr.getSignatureAlgorithm()).toUpperCase());
        ECPublicKey pub = (ECPublicKey) csr.getPublicKey();
        assertEquals(256, pub.getParams().getCurve().getField().getFieldSize(), "P-256");

        assertEquals("station-07", IETFUtils.valueToString(csr.getSubject().getRDNs(BCStyle.CN)[0].getFirst().getValue()));
        assertEquals("Utility North", IETFUtils.valueToString(csr.getSubject().getRDNs(BCStyle.O)[0].getFirst().getValue()));
        assertEquals("DE", IETFUtils.valueToString(csr.getSubject().getRDNs(BCStyle.C)[0].getFirst().getValue()));

        Extensions extensions = Extensions.getInstance(
                csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)[0].getAttrValues().getObjectAt(0));
        GeneralName[] names = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName).getNames();
        assertEquals(GeneralName.uniformResourceIdentifier, names[0].getTagNo());
        assertEquals("urn:tidegate:water-north:station-07", names[0].getName().toString());
        assertEquals(GeneralName.dNSName, names[1].getTagNo());
        assertEquals("station-07.gw.example.net", names[1].getName().toString());
        assertTrue(ExtendedKeyUsage.fromExtensions(extensions).hasKeyPurposeId(KeyPurposeId.id_kp_clientAuth));

        // the private key written to gateway.key is the one that signed the CSR
        PrivateKey key = privateKey(id.privateKeyPem(), "EC");
        byte[] message = "tidegate".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(pub);
        verifier.update(message);
        assertTrue(verifier.verify(signature));
    }

    @Test
    void anRsaCsrHasTheRequestedSizeAndASmallKeyIsRefused() throws Exception {
        GatewayIdentity id = GatewayIdentity.create("gw1", "site", "", List.of(), GatewayIdentity.KeyType.RSA, 2048);
        JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest(parse(id.csrPem())).setProvider(BC);
        assertTrue(csr.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC).build(csr.getSubjectPublicKeyInfo())));
        assertEquals(2048, ((RSAPublicKey) csr.getPublicKey()).getModulus().bitLength());
        assertEquals("CN=gw1", csr.getSubject().toString());
        assertArrayEquals(id.keyPair().getPrivate().getEncoded(), privateKey(id.privateKeyPem(), "RSA").getEncoded());

        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> GatewayIdentity.create("gw1", "site", "", List.of(), GatewayIdentity.KeyType.RSA, 1024));
        assertTrue(small.getMessage().contains("at least 2048"), small.getMessage());
    }

    @Test
    void aSubjectThatIsNotADistinguishedNameOrSetsTheCnIsRefused() {
        IllegalArgumentException garbage = assertThrows(IllegalArgumentException.class,
                () -> GatewayIdentity.subject("gw1", "Utility North"));
        assertTrue(garbage.getMessage().contains("--subject 'Utility North'"), garbage.getMessage());
        IllegalArgumentException cn = assertThrows(IllegalArgumentException.class,
                () -> GatewayIdentity.subject("gw1", "CN=other,O=Utility"));
        assertTrue(cn.getMessage().contains("CN is the gateway id"), cn.getMessage());
    }
}
