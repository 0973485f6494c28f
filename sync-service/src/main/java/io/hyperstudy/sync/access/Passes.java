package io.hyperstudy.sync.access;

import io.hyperstudy.model.pass.ParticipantPass;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Optional;

/**
 * The participant pass a caller holds, if any. The {@code participant} group alone is no proof (a staff
 * provider could put that name in a token), so the token must come from experiment-service's issuer,
 * which only the {@code participant} OIDC tenant accepts.
 */
@ApplicationScoped
public class Passes {

    @ConfigProperty(name = "quarkus.oidc.participant.token.issuer")
    String issuer;

    public Optional<ParticipantPass> of(SecurityIdentity identity) {
        if (identity.isAnonymous() || !identity.hasRole(ParticipantPass.GROUP)
                || !(identity.getPrincipal() instanceof JsonWebToken jwt) || !issuer.equals(jwt.getIssuer())) {
            return Optional.empty();
        }
        return Optional.of(ParticipantPass.of(jwt));
    }

    /** When the caller's token expires, in epoch seconds (0: unknown). */
    public static long expiresAt(SecurityIdentity identity) {
        return identity.getPrincipal() instanceof JsonWebToken jwt ? jwt.getExpirationTime() : 0;
    }
}
