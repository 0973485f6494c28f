package io.hyperstudy.gateway.throttle;

import io.vertx.core.http.HttpMethod;

import java.util.regex.Pattern;

/**
 * The kinds of request the gateway limits separately, because their honest rates differ by orders of
 * magnitude: a lab redeems a hundred links in a minute, its participants beat their heartbeats every
 * two seconds, a {@code <video>} asks for ranges as it seeks, staff click.
 */
public enum RouteClass {
    /** Redeeming a session link: the one public endpoint that creates data. */
    REDEEM("redeem"),
    /** The participant API: heartbeats, responses, pass renewal. */
    PARTICIPANT("participant"),
    /** Media downloads, signed links and call tokens (a seeking video asks often). */
    MEDIA("media"),
    /** Asset uploads. */
    UPLOAD("upload"),
    /** LiveKit's webhooks. */
    WEBHOOK("webhook"),
    /** Room WebSocket upgrades. */
    SOCKET("socket"),
    /** Everything else: the staff API. */
    API("api");

    private static final Pattern UPLOADS = Pattern.compile("/api/media/experiments/[^/]+/assets/?");
    private static final Pattern MEDIA_READS = Pattern.compile(
            "/api/media/(experiments/[^/]+/assets/[^/]+/(content|link)|rooms/[^/]+/token)|/api/recordings/.*/(content|link)");

    private final String key;

    RouteClass(String key) {
        this.key = key;
    }

    /** A short name for counter keys and configuration. */
    public String key() {
        return key;
    }

    public static RouteClass of(HttpMethod method, String path, boolean upgrade) {
        if (upgrade || path.startsWith("/ws/")) {
            return SOCKET;
        }
        if (path.equals("/api/participants/redeem")) {
            return REDEEM;
        }
        if (path.startsWith("/api/participants/")) {
            return PARTICIPANT;
        }
        if (path.startsWith("/webhooks/")) {
            return WEBHOOK;
        }
        if (HttpMethod.POST.equals(method) && UPLOADS.matcher(path).matches()) {
            return UPLOAD;
        }
        if (MEDIA_READS.matcher(path).matches()) {
            return MEDIA;
        }
        return API;
    }
}
