package io.hyperstudy.experiment.admission;

import io.hyperstudy.experiment.session.Session;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Links that give a role a participant may not pick for themselves (a host role, which drives everyone's
 * playback). Staff mint one per role; it carries {@code roleKey}, an HMAC-SHA256 of the session and role
 * under the session's own {@code roleLinkKey}, which never leaves the service. A plain link cannot be
 * edited into one: the join key alone says nothing about roles.
 */
final class RoleLinks {
    static final String ROLE_KEY_PARAMETER = "roleKey";

    private RoleLinks() {
    }

    static String sign(Session session, String role) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(session.roleLinkKey().getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
            byte[] sig = mac.doFinal((session.id() + "\n" + role).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean valid(Session session, String role, String roleKey) {
        if (roleKey == null || session.roleLinkKey() == null) {
            return false;
        }
        return MessageDigest.isEqual(sign(session, role).getBytes(StandardCharsets.US_ASCII),
                roleKey.getBytes(StandardCharsets.US_ASCII));
    }
}
