package io.hyperstudy.experiment.pass;

import io.hyperstudy.experiment.config.ExperimentServiceConfig;
import io.hyperstudy.model.pass.ParticipantPass;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * Signs participant passes: short-lived JWTs scoped to one session and one participant (and, while they
 * are in a room, that room and their role). The other services accept them as a second OIDC tenant.
 */
@ApplicationScoped
public class PassIssuer {

    @Inject
    PassKeys keys;

    @Inject
    ExperimentServiceConfig config;

    @Inject
    Clock clock;

    public Pass issue(ParticipantPass claims) {
        Instant now = clock.instant();
        Instant expires = now.plus(config.pass().ttl());
        var builder = Jwt.issuer(config.pass().issuer())
                .subject(claims.participantId())
                .audience(ParticipantPass.AUDIENCE)
                .groups(Set.of(ParticipantPass.GROUP))
                .claim(ParticipantPass.SESSION, claims.sessionId())
                .claim(ParticipantPass.EXPERIMENT, claims.experimentId())
                .issuedAt(now)
                .expiresAt(expires)
                .claim("jti", UUID.randomUUID().toString());
        if (claims.roomId() != null) {
            builder.claim(ParticipantPass.ROOM, claims.roomId());
        }
        if (claims.role() != null) {
            builder.claim(ParticipantPass.ROLE, claims.role());
        }
        if (claims.host()) {
            builder.claim(ParticipantPass.HOST, true);
        }
        if (!claims.publishSources().isEmpty()) {
            builder.claim(ParticipantPass.PUBLISH, claims.publishSources());
        }
        String token = builder.jws().keyId(keys.keyId()).sign(keys.privateKey());
        return new Pass(token, expires);
    }
}
