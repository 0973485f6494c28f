package io.hyperstudy.testinfra;

import io.smallrye.jwt.build.Jwt;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Signed staff access tokens shaped like the local Keycloak realm's (roles under
 * {@code realm_access.roles}, audience {@code hyperstudy}), signed with the key whose JWKS
 * {@code OidcWiremockTestResource} serves.
 */
public final class StaffTokens {
    /** The issuer that {@code OidcWiremockTestResource}'s discovery document announces. */
    public static final String ISSUER = "https://server.example.com";
    public static final String AUDIENCE = "hyperstudy";

    private StaffTokens() {
    }

    public static String token(String user, String... roles) {
        // a token minted once per test JVM (the system tests' staff) must outlive the longest suite
        return builder(user, roles).expiresAt(Instant.now().plusSeconds(7200)).jws().keyId("1").sign("privateKey.jwk");
    }

    public static String expired(String user, String... roles) {
        return builder(user, roles).issuedAt(Instant.now().minusSeconds(3600))
                .expiresAt(Instant.now().minusSeconds(1800)).jws().keyId("1").sign("privateKey.jwk");
    }

    public static String forAudience(String audience, String user, String... roles) {
        return builder(user, roles).audience(audience).expiresAt(Instant.now().plusSeconds(600))
                .jws().keyId("1").sign("privateKey.jwk");
    }

    /** A token with the e-mail address its provider has (or has not) verified, as Keycloak and Firebase send it. */
    public static String withEmail(String user, String email, boolean verified, String... roles) {
        return builder(user, roles).claim("email", email).claim("email_verified", verified)
                .expiresAt(Instant.now().plusSeconds(600)).jws().keyId("1").sign("privateKey.jwk");
    }

    public static String admin() {
        return token("ada-admin", "admin");
    }

    public static String experimenter(String user) {
        return token(user, "experimenter");
    }

    private static io.smallrye.jwt.build.JwtClaimsBuilder builder(String user, String... roles) {
        return Jwt.issuer(ISSUER).subject(user).preferredUserName(user).audience(AUDIENCE)
                .claim("realm_access", Map.of("roles", List.of(roles)));
    }
}
