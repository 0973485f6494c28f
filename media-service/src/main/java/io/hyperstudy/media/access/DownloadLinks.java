package io.hyperstudy.media.access;

import io.hyperstudy.media.config.MediaConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;

/**
 * Signed, expiring download links: a browser's {@code <video>} fetches media with plain GETs (and Range
 * requests), which cannot carry a bearer token. Someone with access asks for a link; the link names one
 * asset and an expiry and carries an HMAC-SHA256 over both, so it opens that asset only, until then.
 */
@ApplicationScoped
public class DownloadLinks {
    private static final Logger LOG = Logger.getLogger(DownloadLinks.class);

    @Inject
    MediaConfig config;

    @Inject
    Clock clock;

    private SecretKeySpec key;

    @PostConstruct
    void init() {
        byte[] secret;
        if (config.linkKey().isPresent()) {
            secret = Base64.getDecoder().decode(config.linkKey().get().strip());
        } else if (config.requireLinkKey()) {
            throw new IllegalStateException("hyperstudy.media.link-key is required: every replica must sign links alike");
        } else {
            LOG.warn("no hyperstudy.media.link-key: download links are signed with a key of this process only");
            secret = new byte[32];
            new SecureRandom().nextBytes(secret);
        }
        if (secret.length < 32) {
            throw new IllegalStateException("hyperstudy.media.link-key must hold at least 32 bytes");
        }
        key = new SecretKeySpec(secret, "HmacSHA256");
    }

    /** A signed link, and when it stops working (epoch seconds). */
    public record Link(String path, long expires) {
    }

    /** A link to {@code contentPath} (an asset's or a recording file's content) that works without a token until it expires. */
    public Link sign(String contentPath) {
        long expires = clock.instant().plus(config.linkTtl()).getEpochSecond();
        return new Link(contentPath + "?expires=" + expires + "&signature=" + signature(contentPath, expires), expires);
    }

    /** Whether the signature is this service's, for this very path, and not expired. */
    public boolean valid(String contentPath, String expires, String signature) {
        if (expires == null || signature == null) {
            return false;
        }
        long until;
        try {
            until = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            return false;
        }
        if (until < clock.instant().getEpochSecond()) {
            return false;
        }
        byte[] expected = signature(contentPath, until).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }

    private String signature(String contentPath, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            // the path names what the link opens (an asset of an experiment, a file of a recording), so a
            // signature is good for that content only
            byte[] sig = mac.doFinal((contentPath + "\n" + expires).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
