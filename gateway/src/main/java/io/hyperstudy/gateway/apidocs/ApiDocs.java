package io.hyperstudy.gateway.apidocs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperstudy.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The public API's documentation, served by the gateway to anyone: {@code /openapi} is one OpenAPI document
 * merged from the backends' own (read from their management interfaces, kept for a minute) with what the
 * gateway adds, and {@code /api-docs/} is a Swagger UI for it. The backends' {@code /q/*} stay private.
 */
@ApplicationScoped
public class ApiDocs {
    private static final Logger LOG = Logger.getLogger(ApiDocs.class);
    private static final Duration KEEP = Duration.ofMinutes(1);
    static final String SWAGGER_UI = "/webjars/swagger-ui/" + SwaggerUiVersion.VERSION;

    @Inject
    GatewayConfig config;

    @Inject
    Vertx vertx;

    @Inject
    ObjectMapper json;

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev")
    String version;

    private HttpClient http;
    private volatile Map<String, JsonNode> cached;
    private volatile long cachedUntil;

    void routes(@Observes Router router) {
        router.get("/openapi").handler(this::document);
        // Vert.x matches "/api-docs/" here too
        router.get("/api-docs").handler(this::page);
    }

    private void document(RoutingContext ctx) {
        backends().subscribe().with(docs -> {
            if (docs.isEmpty()) {
                ctx.response().setStatusCode(503).putHeader("Retry-After", "5")
                        .putHeader("Content-Type", "application/problem+json")
                        .end("{\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"no service answered for its API document\"}");
                return;
            }
            String origin = ctx.request().scheme() + "://" + ctx.request().authority();
            ctx.response().putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "public, max-age=60")
                    .end(PublicApiDocument.merge(json, docs, origin, version).toString());
        }, failure -> ctx.fail(500, failure));
    }

    /** Each backend's document, from cache while it is fresh; a backend that does not answer is left out. */
    private Uni<Map<String, JsonNode>> backends() {
        Map<String, JsonNode> hit = cached;
        if (hit != null && System.currentTimeMillis() < cachedUntil) {
            return Uni.createFrom().item(hit);
        }
        if (http == null) {
            http = vertx.createHttpClient();
        }
        Map<String, URI> sources = new LinkedHashMap<>();
        sources.put("experiment-service", config.managementUrl(config.experimentUrl(), config.experimentManagementUrl()));
        sources.put("sync-service", config.managementUrl(config.syncUrl(), config.syncManagementUrl()));
        sources.put("media-service", config.managementUrl(config.mediaUrl(), config.mediaManagementUrl()));
        List<Uni<Map.Entry<String, JsonNode>>> fetches = sources.entrySet().stream()
                .map(e -> fetch(e.getValue()).map(doc -> Map.entry(e.getKey(), doc))).toList();
        return Uni.join().all(fetches).andCollectFailures().map(results -> {
            Map<String, JsonNode> docs = new LinkedHashMap<>();
            results.stream().filter(r -> r.getValue() != null).forEach(r -> docs.put(r.getKey(), r.getValue()));
            if (docs.size() == sources.size()) {
                cached = docs;
                cachedUntil = System.currentTimeMillis() + KEEP.toMillis();
            }
            return docs;
        });
    }

    private Uni<JsonNode> fetch(URI management) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(management.getHost())
                .setPort(management.getPort() > 0 ? management.getPort() : 80).setURI("/q/openapi?format=json")
                .setConnectTimeout(1000).setIdleTimeout(5000);
        return http.request(options).flatMap(r -> r.send()).flatMap(r -> r.body().map(body -> {
            try {
                return r.statusCode() == 200 ? json.readTree(body.toString()) : null;
            } catch (java.io.IOException e) {
                return null;
            }
        })).onFailure().recoverWithItem(e -> {
            LOG.debugf("no API document from %s: %s", management, e.toString());
            return null;
        });
    }

    private void page(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end("""
                <!doctype html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <title>HyperStudy API</title>
                  <link rel="stylesheet" href="%1$s/swagger-ui.css">
                  <style>
                    body { margin: 0; }
                    /* Swagger UI's own colours fall short of WCAG AA contrast: the same hues, darker */
                    .swagger-ui .json-schema-2020-12-expand-deep-button { color: #4a4a4a; }
                    .swagger-ui .opblock.opblock-get .opblock-summary-method { background: #1d62b0; }
                    .swagger-ui .opblock.opblock-post .opblock-summary-method { background: #16784b; }
                    .swagger-ui .opblock.opblock-put .opblock-summary-method { background: #9a5200; }
                    .swagger-ui .opblock.opblock-delete .opblock-summary-method { background: #b31f1f; }
                    .swagger-ui .info .title small pre { background: #4f5561; }
                    .swagger-ui .info .title small.version-stamp { background: #4b6b00; }
                    .swagger-ui .info .title small.version-stamp pre { background: #4b6b00; }
                    .swagger-ui .info a.link, .swagger-ui .info .url { color: #1f5fa8; }
                    .swagger-ui .btn.authorize { color: #16784b; border-color: #16784b; }
                    .swagger-ui .btn.authorize span { color: #16784b; }
                    .swagger-ui .btn.authorize svg { fill: #16784b; }
                    .swagger-ui .json-schema-2020-12__constraint { background: #8a5a0f; }
                  </style>
                </head>
                <body>
                  <div id="api"></div>
                  <script src="%1$s/swagger-ui-bundle.js"></script>
                  <script>
                    // no deep links: Swagger UI puts them inside each operation's button (nested controls)
                    window.ui = SwaggerUIBundle({ url: '/openapi', dom_id: '#api', deepLinking: false,
                      onComplete: () => document.querySelector('#servers')?.setAttribute('aria-label', 'Server') });
                  </script>
                </body>
                </html>
                """.formatted(SWAGGER_UI));
    }
}
