package io.hyperstudy.gateway.routing;

import io.hyperstudy.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.streams.ReadStream;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.concurrent.TimeoutException;

/**
 * Relays a REST call to its backend and the answer back, both bodies streamed with back-pressure: a
 * backend that reads slowly holds the client back, so the gateway's memory does not grow with an upload.
 * A body over its route's limit is cut off with 413.
 */
@ApplicationScoped
class HttpRelay {
    private static final Logger LOG = Logger.getLogger(HttpRelay.class);

    @Inject
    GatewayConfig config;

    @Inject
    Vertx vertx;

    private volatile HttpClient http;

    private HttpClient http() {
        if (http == null) {
            synchronized (this) {
                if (http == null) {
                    http = vertx.createHttpClient(new HttpClientOptions()
                            .setConnectTimeout((int) config.connectTimeout().toMillis())
                            .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(64));
                }
            }
        }
        return http;
    }

    /** Forwards the (paused) request; {@code bodyLimit} below zero: no limit here. */
    void forward(RoutingContext ctx, Backend backend, URI target, String uri, String requestId, long bodyLimit) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost(target.getHost())
                .setPort(GatewayRoutes.port(target))
                .setURI(uri)
                .setConnectTimeout(config.connectTimeout().toMillis())
                .setHeaders(ForwardingHeaders.forHttp(request));
        ReadStream<Buffer> body = bodyLimit >= 0 ? new CappedBody(request, bodyLimit) : request;
        http().request(options).onSuccess(outbound -> {
            outbound.response()
                    .onSuccess(answer -> relay(answer, response, requestId))
                    .onFailure(failure -> {
                        if (!response.ended()) {
                            // not when the gateway already answered (a body cut off at its limit)
                            BackendFailures.answer(ctx, backend, failure, requestId);
                        }
                    });
            if (!options.getHeaders().contains(HttpHeaders.CONTENT_LENGTH)) {
                // a body of unknown length (chunked HTTP/1.1, or any HTTP/2 request) goes on chunked
                outbound.setChunked(true);
            }
            // the read timeout runs from the end of the request, so a large upload on a slow link is not
            // cut off for taking longer than the backend may take to answer
            // a body that fails (cut off at its limit, client gone) must not be ended as if it were complete
            body.pipe().endOnFailure(false).to(outbound).onSuccess(sent -> {
                long timer = vertx.setTimer(config.readTimeout().toMillis(), t ->
                        outbound.reset(0, new TimeoutException("no answer within " + config.readTimeout())));
                outbound.response().onComplete(done -> vertx.cancelTimer(timer));
            }).onFailure(broken -> {
                if (broken instanceof CappedBody.TooLarge tooLarge && !response.headWritten()) {
                    GatewayRoutes.refuseTooLarge(ctx, tooLarge.limit, requestId);
                    outbound.reset(0, broken);
                    return;
                }
                // said aloud: a body that breaks off mid-way (client gone, backend answered early or died)
                // is otherwise only seen as a reset stream on one side and a closed channel on the other
                LOG.warnf("request body of %s to %s broke off after %d bytes (answer begun: %s): %s", requestId,
                        backend.serviceName(), request.bytesRead(), response.headWritten(), broken.toString());
                outbound.reset(0, broken);
            });
        }).onFailure(failure -> BackendFailures.answer(ctx, backend, failure, requestId));
    }

    private static void relay(HttpClientResponse answer, HttpServerResponse response, String requestId) {
        if (response.ended() || response.closed()) {
            answer.request().reset();
            return;
        }
        response.setStatusCode(answer.statusCode()).setStatusMessage(answer.statusMessage());
        ForwardingHeaders.copyAnswer(answer.headers(), response.headers());
        response.headers().set(GatewayRoutes.REQUEST_ID, requestId);
        if (!answer.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            response.setChunked(true);
        }
        answer.pipeTo(response).onFailure(e -> {
            // the client went away (a <video> dropping a range it no longer wants): stop the backend's answer
            // too, or its next chunk would be written to a response that is over
            LOG.debugf("answer %s broke off: %s", requestId, e.getMessage());
            answer.request().reset();
            response.reset();
        });
    }
}
