package io.hyperstudy.experiment.pass;

import io.hyperstudy.experiment.config.ExperimentServiceConfig;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Signs participant passes: short-lived JWTs scoped to one session and one participant (and, once
 * matched, one room and role). The other services accept them as a second OIDC tenant.
 */
@ApplicationScoped
public class PassIssuer {
    public static final String AUDIENCE = "hyperstudy";
    public static final String ROLE = "participant";

    @Inject
    PassKeys keys;

    @Inject
    ExperimentServiceConfig config;

    @Inject
    Clock clock;

    public Pass issue(PassClaims claims) {
        Instant now = clock.instant();
        Instant expires = now.plus(config.pass().ttl());
        var builder = Jwt.issuer(config.pass().issuer())
                .subject(claims.participantId())
                .audience(AUDIENCE)
                .groups(Set.of(ROLE))
                .claim(PassClaims.SESSION, claims.sessionId())
                .claim(PassClaims.EXPERIMENT, claims.experimentId())
                .issuedAt(now)
                .expiresAt(expires)
                .claim("jti", UUID.randomUUID().toString());
        if (claims.roomId() != null) {
            builder.claim(PassClaims.ROOM, claims.roomId());
        }
        if (claims.role() != null) {
            builder.claim(PassClaims.ROLE, claims.role());
        }
        if (claims.host()) {
            builder.claim(PassClaims.HOST, true);
        }
        if (!claims.publishSources().isEmpty()) {
            builder.claim(PassClaims.PUBLISH, claims.publishSources());
        }
        String token = builder.jws().keyId(keys.keyId()).sign(keys.privateKey());
        return new Pass(token, expires);
    }
}
