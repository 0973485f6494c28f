package io.hyperstudy.experiment.domain;

import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Locale;

/**
 * Who is calling: the token subject, the e-mail address the provider verified for them (null when it did not:
 * an experiment shared with an address opens only to whoever proved they own it), and whether they hold the
 * admin role.
 */
public record Caller(String id, String email, boolean admin) {

    public static Caller of(SecurityIdentity identity) {
        String email = null;
        if (identity.getPrincipal() instanceof JsonWebToken jwt && verified(jwt.getClaim("email_verified"))) {
            Object claim = jwt.getClaim("email");
            email = claim == null ? null : normalEmail(claim.toString().replace("\"", ""));
        }
        return new Caller(identity.getPrincipal().getName(), email, identity.hasRole("admin"));
    }

    /** An e-mail address as collaborators are keyed: trimmed, lower case (providers differ in case). */
    public static String normalEmail(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    /** Whether a collaborator key is an e-mail address rather than an account id. */
    public static boolean isEmail(String key) {
        return key.indexOf('@') > 0;
    }

    private static boolean verified(Object claim) {
        // Keycloak and Firebase send a JSON boolean; some providers a string
        return claim != null && "true".equals(claim.toString().replace("\"", ""));
    }
}
