package io.hyperstudy.experiment.pass;

import io.hyperstudy.experiment.config.ExperimentServiceConfig;
import io.hyperstudy.experiment.platform.RequestRefused;
import io.hyperstudy.model.pass.ParticipantPass;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The participant pass of the current request. The {@code participant} role alone is not proof: a staff
 * provider could put that name in a token's groups, so the issuer must be this service's own.
 */
@RequestScoped
public class PassHolder {

    @Inject
    JsonWebToken jwt;

    @Inject
    ExperimentServiceConfig config;

    public ParticipantPass pass() {
        if (!config.pass().issuer().equals(jwt.getIssuer())) {
            throw RequestRefused.forbidden("this needs a participant pass");
        }
        return ParticipantPass.of(jwt);
    }
}
