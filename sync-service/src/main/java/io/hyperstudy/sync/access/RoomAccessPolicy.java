package io.hyperstudy.sync.access;

import io.hyperstudy.model.api.Ids;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityPolicy;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Who may open a room's socket or read its timeline: staff who may see the room's experiment
 * (experiment-service decides; {@link RoomAccess}); a participant only with a pass that names that very
 * room and only until they have left it. Applied to the HTTP request (application.properties), so a
 * refused caller never gets a socket: 401 without a valid token, 403 otherwise.
 */
@ApplicationScoped
public class RoomAccessPolicy implements HttpSecurityPolicy {
    static final String SOCKETS = "/ws/rooms/";
    static final String TIMELINES = "/api/sync/rooms/";

    @Inject
    RoomAccess access;

    @Inject
    Passes passes;

    @Inject
    DepartedParticipants departed;

    @Override
    public Uni<CheckResult> checkPermission(RoutingContext request, Uni<SecurityIdentity> identity,
                                            AuthorizationRequestContext context) {
        return identity.flatMap(id -> {
            if (id.isAnonymous()) {
                return Uni.createFrom().item(CheckResult.DENY);
            }
            String room = roomOf(request.normalizedPath());
            if (room == null) {
                return Uni.createFrom().item(CheckResult.DENY);
            }
            if (RoomAccess.isStaff(id)) {
                return access.of(id, room).map(a -> a == StaffAccess.NONE ? CheckResult.DENY : CheckResult.PERMIT);
            }
            return passes.of(id).filter(pass -> room.equals(pass.roomId()))
                    .map(pass -> departed.departed(room, pass.participantId())
                            .map(gone -> gone ? CheckResult.DENY : CheckResult.PERMIT))
                    .orElse(Uni.createFrom().item(CheckResult.DENY));
        });
    }

    /** The room a path is about: {@code /ws/rooms/{id}} or {@code /api/sync/rooms/{id}/...}; null if none. */
    static String roomOf(String path) {
        String rest = path.startsWith(SOCKETS) ? path.substring(SOCKETS.length())
                : path.startsWith(TIMELINES) ? path.substring(TIMELINES.length()) : null;
        if (rest == null) {
            return null;
        }
        int slash = rest.indexOf('/');
        String room = slash < 0 ? rest : rest.substring(0, slash);
        return Ids.valid(room) ? room : null;
    }

    @Override
    public String name() {
        return "room-member";
    }
}
