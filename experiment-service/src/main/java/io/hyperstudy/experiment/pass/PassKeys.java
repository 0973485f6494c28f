package io.hyperstudy.experiment.pass;

import io.hyperstudy.experiment.config.ExperimentServiceConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The RSA key pair that signs participant passes, and its public half as a JWKS. The key id is a
 * thumbprint of the public key, so a new key gets a new id without anyone choosing one.
 */
@ApplicationScoped
public class PassKeys {
    private static final Logger LOG = Logger.getLogger(PassKeys.class);

    @Inject
    ExperimentServiceConfig config;

    private RSAPrivateCrtKey privateKey;
    private RSAPublicKey publicKey;
    private String keyId;

    @PostConstruct
    void load() {
        try {
            if (config.pass().keyFile().isPresent()) {
                String pem = Files.readString(config.pass().keyFile().get(), StandardCharsets.US_ASCII);
                byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
                privateKey = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            } else if (config.pass().requireKey()) {
                throw new IllegalStateException("hyperstudy.pass.key-file is required: every replica must sign passes "
                        + "with the same key");
            } else {
                LOG.warn("no hyperstudy.pass.key-file: signing participant passes with a key generated for this "
                        + "process only; passes will not survive a restart or work across replicas");
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                privateKey = (RSAPrivateCrtKey) generator.generateKeyPair().getPrivate();
            }
            publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded());
            keyId = Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 12));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pass signing key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the pass signing key is not a PKCS#8 RSA private key", e);
        }
    }

    public RSAPrivateCrtKey privateKey() {
        return privateKey;
    }

    public String keyId() {
        return keyId;
    }

    /** The public key in PEM, as quarkus-oidc takes it for local verification. */
    public String publicKeyPem() {
        return Base64.getEncoder().encodeToString(publicKey.getEncoded());
    }

    /** The JSON Web Key Set the other services fetch to verify passes. */
    public Map<String, Object> jwks() {
        return Map.of("keys", List.of(Map.of(
                "kty", "RSA", "use", "sig", "alg", "RS256", "kid", keyId,
                "n", unsigned(publicKey.getModulus()), "e", unsigned(publicKey.getPublicExponent()))));
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
