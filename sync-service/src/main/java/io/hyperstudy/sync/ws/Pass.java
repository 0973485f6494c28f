package io.hyperstudy.sync.ws;

import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * What a participant pass (issued by experiment-service, verified here as the {@code participant} OIDC
 * tenant) says about its holder: the room it admits them to, their experiment role, and whether that
 * role may steer playback. Claim names are experiment-service's contract.
 */
record Pass(String roomId, String role, boolean host) {
    static final String ROLE = "participant";
    static final String ROOM_CLAIM = "hs_room";
    static final String ROLE_CLAIM = "hs_role";
    static final String HOST_CLAIM = "hs_host";

    static Pass of(SecurityIdentity identity) {
        if (!identity.hasRole(ROLE) || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return new Pass(null, null, false);
        }
        Object host = jwt.getClaim(HOST_CLAIM);
        return new Pass(jwt.getClaim(ROOM_CLAIM), jwt.getClaim(ROLE_CLAIM),
                host != null && Boolean.parseBoolean(host.toString()));
    }
}
