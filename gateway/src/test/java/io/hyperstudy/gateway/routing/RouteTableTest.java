package io.hyperstudy.gateway.routing;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RouteTableTest {

    @Test
    void pathsGoToTheServiceThatOwnsThem() {
        assertEquals(Optional.of(Backend.EXPERIMENT), RouteTable.backendFor("/api/experiments"));
        assertEquals(Optional.of(Backend.EXPERIMENT), RouteTable.backendFor("/api/experiments/42/versions"));
        assertEquals(Optional.of(Backend.EXPERIMENT), RouteTable.backendFor("/api/sessions/s"));
        assertEquals(Optional.of(Backend.EXPERIMENT), RouteTable.backendFor("/api/rooms/r/state"));
        assertEquals(Optional.of(Backend.EXPERIMENT), RouteTable.backendFor("/api/exports/x"));
        assertEquals(Optional.of(Backend.EXPERIMENT), RouteTable.backendFor("/api/participants/p"));
        assertEquals(Optional.of(Backend.MEDIA), RouteTable.backendFor("/api/media/assets"));
        assertEquals(Optional.of(Backend.MEDIA), RouteTable.backendFor("/api/recordings"));
        assertEquals(Optional.of(Backend.MEDIA), RouteTable.backendFor("/webhooks/livekit"));
        assertEquals(Optional.of(Backend.SYNC), RouteTable.backendFor("/api/sync/rooms/r/timeline"));
        assertEquals(Optional.of(Backend.SYNC), RouteTable.backendFor("/ws/rooms/r"));
    }

    @Test
    void lookalikesAndClimbingPathsAreNotRouted() {
        assertEquals(Optional.empty(), RouteTable.backendFor("/api/experimentsX"));
        assertEquals(Optional.empty(), RouteTable.backendFor("/api/unknown"));
        assertEquals(Optional.empty(), RouteTable.backendFor("/webhooks/other"));
        assertEquals(Optional.empty(), RouteTable.backendFor("/api/media/../experiments"));
        assertEquals(Optional.empty(), RouteTable.backendFor(null));
    }
}
