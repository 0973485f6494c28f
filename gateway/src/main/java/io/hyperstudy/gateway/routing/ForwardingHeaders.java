package io.hyperstudy.gateway.routing;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which headers cross the gateway, and the forwarding headers it adds. The services trust
 * {@code X-Forwarded-*} from the gateway alone (their trusted proxies), so the gateway never passes on
 * what a client claims there: it writes the client address, scheme and host as it sees them (itself
 * trusting only the ingress in front of it, through Quarkus's proxy settings).
 */
final class ForwardingHeaders {
    /** Hop-by-hop headers (RFC 9110 §7.6.1) are the proxy's own business, never forwarded. */
    static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host");
    /** What a client may not tell the services about itself. */
    static final Set<String> CLAIMED = Set.of("forwarded", "x-forwarded-for", "x-forwarded-host",
            "x-forwarded-proto", "x-forwarded-port", "x-forwarded-prefix", "x-real-ip");
    /** Headers the WebSocket client sets itself. */
    static final Set<String> WEBSOCKET_HANDSHAKE = Set.of("sec-websocket-key", "sec-websocket-version",
            "sec-websocket-extensions", "sec-websocket-protocol", "content-length");

    private ForwardingHeaders() {
    }

    /** The request's headers as they go to a backend over HTTP. */
    static MultiMap forHttp(HttpServerRequest request) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        copy(request.headers(), headers, union(HOP_BY_HOP, CLAIMED));
        addForwarding(request, headers);
        return headers;
    }

    /** The upgrade request's headers as they go to a backend's WebSocket. */
    static MultiMap forWebSocket(HttpServerRequest request) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        copy(request.headers(), headers, union(union(HOP_BY_HOP, CLAIMED), WEBSOCKET_HANDSHAKE));
        addForwarding(request, headers);
        return headers;
    }

    /** A backend's answer headers as they go to the client. */
    static void copyAnswer(MultiMap from, MultiMap to) {
        copy(from, to, HOP_BY_HOP);
    }

    /** The client's address as the gateway resolved it (the ingress's forwarding honoured when trusted). */
    static String clientAddress(HttpServerRequest request) {
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }

    private static void addForwarding(HttpServerRequest request, MultiMap headers) {
        String client = clientAddress(request);
        if (client != null) {
            headers.set("X-Forwarded-For", client);
        }
        headers.set("X-Forwarded-Proto", request.scheme() != null ? request.scheme() : "http");
        if (request.authority() != null) {
            headers.set("X-Forwarded-Host", request.authority().toString());
        }
    }

    private static void copy(MultiMap from, MultiMap to, Set<String> skip) {
        from.forEach(h -> {
            if (!skip.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                to.add(h.getKey(), h.getValue());
            }
        });
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
