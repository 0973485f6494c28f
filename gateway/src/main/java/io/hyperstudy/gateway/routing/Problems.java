package io.hyperstudy.gateway.routing;

import io.hyperstudy.model.api.Problem;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;

/** Writes RFC 7807 problem+json answers of the gateway itself. */
final class Problems {
    private Problems() {
    }

    static void send(HttpServerResponse response, int status, String title, String detail, String instance,
                     String requestId) {
        var problem = Problem.of(status, title, detail).withInstance(instance, requestId);
        response.setStatusCode(status)
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader(GatewayRoutes.REQUEST_ID, requestId)
                .end(Json.encode(problem));
    }
}
