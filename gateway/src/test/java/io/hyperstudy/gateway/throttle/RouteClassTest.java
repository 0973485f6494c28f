package io.hyperstudy.gateway.throttle;

import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each request is counted with the requests whose honest rate is like its own. */
class RouteClassTest {

    @Test
    void requestsAreClassedByWhatTheyDo() {
        assertEquals(RouteClass.REDEEM, RouteClass.of(HttpMethod.POST, "/api/participants/redeem", false));
        assertEquals(RouteClass.PARTICIPANT, RouteClass.of(HttpMethod.POST, "/api/participants/me/heartbeat", false));
        assertEquals(RouteClass.PARTICIPANT, RouteClass.of(HttpMethod.GET, "/api/participants/jwks", false));
        assertEquals(RouteClass.SOCKET, RouteClass.of(HttpMethod.GET, "/ws/rooms/r1", true));
        assertEquals(RouteClass.WEBHOOK, RouteClass.of(HttpMethod.POST, "/webhooks/livekit", false));
        assertEquals(RouteClass.UPLOAD, RouteClass.of(HttpMethod.POST, "/api/media/experiments/e1/assets", false));
        assertEquals(RouteClass.API, RouteClass.of(HttpMethod.GET, "/api/media/experiments/e1/assets", false),
                "a listing is a staff call");
        assertEquals(RouteClass.MEDIA, RouteClass.of(HttpMethod.GET, "/api/media/experiments/e1/assets/a1/content", false));
        assertEquals(RouteClass.MEDIA, RouteClass.of(HttpMethod.POST, "/api/media/rooms/r1/token", false));
        assertEquals(RouteClass.MEDIA, RouteClass.of(HttpMethod.GET, "/api/recordings/x/files/0/content", false));
        assertEquals(RouteClass.API, RouteClass.of(HttpMethod.PUT, "/api/experiments/e1", false));
    }
}
