package io.hyperstudy.gateway.routing;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The plain-HTTP listener speaks HTTP/1.1 only; HTTP/2 stays available over TLS (ALPN).
 *
 * <p>A client that offers an h2c upgrade on a request with a body (Java's HttpClient does, by default)
 * would have that body fed into stream 1 outside HTTP/2 flow control. Pausing the request then no longer
 * stops the socket being read, so while a backend is slower than the client the gateway holds the
 * difference in its heap: a 200 MB upload to a stalled media-service ran a 128 MB gateway out of memory.
 * Browsers never use h2c, and over HTTP/1.1 a paused request stops reading its connection.
 */
@ApplicationScoped
public class NoClearTextHttp2 implements HttpServerOptionsCustomizer {
    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(false);
    }
}
