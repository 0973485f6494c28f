package io.hyperstudy.testinfra;

import io.hyperstudy.model.pass.ParticipantPass;
import io.smallrye.jwt.build.Jwt;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Participant passes for the tests of services that trust them, shaped as experiment-service signs them
 * (issuer, audience, group and {@code hs_*} claims of {@link ParticipantPass}) but signed with the key whose
 * JWKS {@code OidcWiremockTestResource} serves; the service under test points its {@code participant}
 * tenant at that JWKS in its test profile. experiment-service's own tests use the passes it really signs.
 */
public final class PassTokens {
    private PassTokens() {
    }

    public static String pass(String participantId, String roomId, String role, boolean host, Duration ttl) {
        var builder = Jwt.issuer(ParticipantPass.DEFAULT_ISSUER).subject(participantId)
                .audience(ParticipantPass.AUDIENCE).groups(Set.of(ParticipantPass.GROUP))
                .claim(ParticipantPass.SESSION, "s-test").claim(ParticipantPass.EXPERIMENT, "e-test")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plus(ttl));
        if (roomId != null) {
            builder.claim(ParticipantPass.ROOM, roomId);
        }
        if (role != null) {
            builder.claim(ParticipantPass.ROLE, role);
        }
        if (host) {
            builder.claim(ParticipantPass.HOST, true);
        }
        return builder.jws().keyId("1").sign("privateKey.jwk");
    }

    public static String pass(String participantId, String roomId) {
        return pass(participantId, roomId, "viewer", false, Duration.ofMinutes(10));
    }
}
