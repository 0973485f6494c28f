package io.hyperstudy.gateway.routing;

import java.util.List;
import java.util.Optional;

/** Which backend serves a path: the routing table of ARCHITECTURE.md. */
public final class RouteTable {

    private record Route(String prefix, Backend backend) {
        boolean matches(String path) {
            return path.equals(prefix) || path.startsWith(prefix + "/");
        }
    }

    private static final List<Route> ROUTES = List.of(
            new Route("/api/experiments", Backend.EXPERIMENT),
            new Route("/api/sessions", Backend.EXPERIMENT),
            new Route("/api/rooms", Backend.EXPERIMENT),
            new Route("/api/exports", Backend.EXPERIMENT),
            new Route("/api/participants", Backend.EXPERIMENT),
            new Route("/api/media", Backend.MEDIA),
            new Route("/api/recordings", Backend.MEDIA),
            new Route("/webhooks/livekit", Backend.MEDIA),
            new Route("/api/sync", Backend.SYNC),
            new Route("/ws/rooms", Backend.SYNC));

    private RouteTable() {
    }

    /** The backend for a request path; empty for paths the gateway does not route. */
    public static Optional<Backend> backendFor(String path) {
        if (path == null || path.contains("/../") || path.endsWith("/..")) {
            return Optional.empty();
        }
        return ROUTES.stream().filter(r -> r.matches(path)).map(Route::backend).findFirst();
    }
}
