package io.hyperstudy.experiment.pass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperstudy.experiment.config.ExperimentServiceConfig;
import io.hyperstudy.model.pass.ParticipantPass;
import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.TenantConfigResolver;
import io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Base64;

/**
 * Sends participant passes to their own OIDC tenant, verified locally with this service's public key
 * (no HTTP round trip to itself); every other bearer token goes to the default, staff tenant. The
 * issuer is read from the unverified token only to choose the tenant; the tenant then verifies it.
 */
@ApplicationScoped
public class PassTenantResolver implements TenantConfigResolver {
    public static final String TENANT = "participant";

    @Inject
    PassKeys keys;

    @Inject
    ExperimentServiceConfig config;

    @Inject
    ObjectMapper json;

    private volatile OidcTenantConfig tenant;

    @Override
    public Uni<OidcTenantConfig> resolve(RoutingContext context, OidcRequestContext<OidcTenantConfig> requestContext) {
        String header = context.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().item(config.pass().issuer().equals(issuer(header.substring(7).strip())) ? tenant() : null);
    }

    private String issuer(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return null;
        }
        try {
            JsonNode payload = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return payload.path("iss").asText(null);
        } catch (Exception e) {
            return null;
        }
    }

    private OidcTenantConfig tenant() {
        if (tenant == null) {
            tenant = OidcTenantConfig.builder()
                    .tenantId(TENANT)
                    .applicationType(ApplicationType.SERVICE)
                    .publicKey(keys.publicKeyPem())
                    .token().issuer(config.pass().issuer()).audience(ParticipantPass.AUDIENCE).principalClaim("sub").end()
                    .roles().roleClaimPath("groups").end()
                    .build();
        }
        return tenant;
    }
}
