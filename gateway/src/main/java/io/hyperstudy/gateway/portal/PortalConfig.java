package io.hyperstudy.gateway.portal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hyperstudy.gateway.config.GatewayConfig;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * What the portal needs to sign staff in, read at run time so one built app serves any deployment: the OIDC
 * issuer and public client, or Firebase's web configuration. Anyone may read it (it is what the browser would
 * see in the redirect or in Firebase's calls anyway); no secret is in it, since the portal is a public client.
 */
@ApplicationScoped
public class PortalConfig {

    @Inject
    GatewayConfig config;

    @Inject
    ObjectMapper json;

    void routes(@Observes Router router) {
        router.get("/portal/config").handler(this::config);
    }

    private void config(RoutingContext ctx) {
        GatewayConfig.Portal portal = config.portal();
        ObjectNode body = json.createObjectNode();
        body.put("provider", portal.provider().name());
        if (portal.provider() == GatewayConfig.Portal.Provider.firebase) {
            GatewayConfig.Portal.Firebase firebase = portal.firebase();
            ObjectNode web = body.putObject("firebase");
            firebase.apiKey().ifPresent(v -> web.put("apiKey", v));
            firebase.authDomain().ifPresent(v -> web.put("authDomain", v));
            firebase.projectId().ifPresent(v -> web.put("projectId", v));
            firebase.emulatorUrl().ifPresent(v -> web.put("emulatorUrl", v.toString()));
            firebase.signInMethods().forEach(web.putArray("signInMethods")::add);
        } else {
            portal.oidcIssuer().ifPresent(issuer -> body.put("issuer", issuer.toString()));
            body.put("clientId", portal.oidcClientId());
            body.put("scope", portal.oidcScope());
        }
        ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-cache")
                .end(body.toString());
    }
}
