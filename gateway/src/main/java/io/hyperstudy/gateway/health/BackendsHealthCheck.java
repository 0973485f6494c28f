package io.hyperstudy.gateway.health;

import io.hyperstudy.gateway.config.GatewayConfig;
import io.hyperstudy.gateway.routing.Backend;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Reports which backends answer their liveness probe. The gateway stays ready while at least one
 * does: a single backend down must not take the routes of the others out of the load balancer.
 */
@Readiness
@ApplicationScoped
public class BackendsHealthCheck implements AsyncHealthCheck {
    @Inject
    GatewayConfig config;

    @Inject
    Vertx vertx;

    private HttpClient client;

    @Override
    public Uni<HealthCheckResponse> call() {
        if (client == null) {
            client = vertx.createHttpClient();
        }
        // each backend's health lives on its management interface, not on the port the gateway relays to
        Map<Backend, URI> backends = Map.of(
                Backend.EXPERIMENT, config.managementUrl(config.experimentUrl(), config.experimentManagementUrl()),
                Backend.SYNC, config.managementUrl(config.syncUrl(), config.syncManagementUrl()),
                Backend.MEDIA, config.managementUrl(config.mediaUrl(), config.mediaManagementUrl()));
        List<Uni<Map.Entry<Backend, Boolean>>> probes = backends.entrySet().stream()
                .map(e -> probe(e.getValue()).map(up -> Map.entry(e.getKey(), up))).toList();
        return Uni.join().all(probes).andFailFast().map(results -> {
            var builder = HealthCheckResponse.named("backends");
            boolean any = false;
            for (var r : results) {
                builder.withData(r.getKey().serviceName(), r.getValue() ? "reachable" : "unreachable");
                any |= r.getValue();
            }
            return builder.status(any).build();
        });
    }

    private Uni<Boolean> probe(URI base) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(base.getHost())
                .setPort(base.getPort() > 0 ? base.getPort() : 80).setURI("/q/health/live")
                .setConnectTimeout(1000).setIdleTimeout(2000);
        return client.request(options).flatMap(r -> r.send()).map(r -> r.statusCode() == 200)
                .ifNoItem().after(Duration.ofSeconds(3)).fail()
                .onFailure().recoverWithItem(false);
    }
}
