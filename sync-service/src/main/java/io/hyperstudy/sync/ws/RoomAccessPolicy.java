package io.hyperstudy.sync.ws;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Who may open a room's socket: staff, for any room; a participant only with a pass that names that
 * very room, so a pass from one session (or one room) opens nothing else. Applied to the HTTP upgrade
 * of {@code /ws/rooms/*} (application.properties), so a refused caller never gets a socket.
 */
@ApplicationScoped
public class RoomAccessPolicy implements HttpSecurityPolicy {
    static final String PATH_PREFIX = "/ws/rooms/";

    @Override
    public Uni<CheckResult> checkPermission(RoutingContext request, Uni<SecurityIdentity> identity,
                                            AuthorizationRequestContext context) {
        return identity.map(id -> {
            if (id.isAnonymous()) {
                return CheckResult.DENY;
            }
            if (id.hasRole("experimenter") || id.hasRole("admin")) {
                return CheckResult.PERMIT;
            }
            String path = request.normalizedPath();
            String room = path.startsWith(PATH_PREFIX) ? path.substring(PATH_PREFIX.length()) : null;
            Pass pass = Pass.of(id);
            return room != null && !room.isEmpty() && room.equals(pass.roomId()) ? CheckResult.PERMIT : CheckResult.DENY;
        });
    }

    @Override
    public String name() {
        return "room-member";
    }
}
