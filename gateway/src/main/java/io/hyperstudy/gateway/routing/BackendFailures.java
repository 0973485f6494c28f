package io.hyperstudy.gateway.routing;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/**
 * A backend that failed a request, as the client hears it: down is 503, too slow 504, a broken exchange
 * 502, a refused WebSocket handshake the backend's own status; all as problem+json.
 */
final class BackendFailures {
    private static final Logger LOG = Logger.getLogger(BackendFailures.class);

    private BackendFailures() {
    }

    static void answer(RoutingContext ctx, Backend backend, Throwable failure, String requestId) {
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            response.reset();
            return;
        }
        String path = ctx.normalizedPath();
        if (failure instanceof UpgradeRejectedException rejected) {
            // the backend refused the handshake (401, 403, 404...): its verdict is the answer
            int status = rejected.getStatus();
            String title = io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase();
            Problems.send(response, status, title, backend.serviceName() + " refused the WebSocket", path,
                    requestId);
        } else if (isConnectFailure(failure)) {
            LOG.warnf("%s unreachable for %s: %s", backend.serviceName(), requestId, failure.getMessage());
            response.putHeader("Retry-After", "5");
            Problems.send(response, 503, "Service Unavailable", backend.serviceName() + " is unavailable", path,
                    requestId);
        } else if (isTimeout(failure)) {
            LOG.warnf("%s too slow for %s: %s", backend.serviceName(), requestId, failure.getMessage());
            Problems.send(response, 504, "Gateway Timeout", backend.serviceName() + " did not answer in time",
                    path, requestId);
        } else {
            LOG.warnf("%s failed for %s: %s", backend.serviceName(), requestId, failure.toString());
            Problems.send(response, 502, "Bad Gateway", backend.serviceName() + " broke off the exchange", path,
                    requestId);
        }
    }

    private static boolean isConnectFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConnectException || c instanceof io.netty.channel.ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            // Vert.x reports an idle request as its own NoStackTraceTimeoutException
            if (c instanceof TimeoutException || c.getClass().getSimpleName().endsWith("TimeoutException")) {
                return true;
            }
        }
        return false;
    }
}
