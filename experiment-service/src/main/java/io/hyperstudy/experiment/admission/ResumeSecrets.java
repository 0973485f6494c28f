package io.hyperstudy.experiment.admission;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Resume secrets: what a participant's browser keeps to come back as the same participant. A secret is
 * the participant id, a dot and 192 random bits, so it also finds an anonymous participant (one who came
 * without a label); only its SHA-256 is stored, so the store cannot hand a secret out.
 */
@ApplicationScoped
public class ResumeSecrets {
    private final SecureRandom random = new SecureRandom();

    public String issue(String participantId) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return participantId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The participant a secret claims to be for; empty when it is no secret of ours. */
    public Optional<String> participantOf(String secret) {
        if (secret == null || secret.length() > 200) {
            return Optional.empty();
        }
        int dot = secret.indexOf('.');
        return dot > 0 ? Optional.of(secret.substring(0, dot)) : Optional.empty();
    }

    public static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code secret} is the one whose hash is stored; constant time, and false when none is. */
    public static boolean matches(String secret, String storedHash) {
        if (secret == null || storedHash == null) {
            return false;
        }
        return MessageDigest.isEqual(hash(secret).getBytes(StandardCharsets.US_ASCII),
                storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}
