package io.hyperstudy.media.api;

import io.hyperstudy.media.livekit.LiveKitConfig;
import io.hyperstudy.media.recordings.RecordingDirector;
import io.micrometer.core.instrument.MeterRegistry;
import io.livekit.server.WebhookReceiver;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import livekit.LivekitWebhook;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * LiveKit's webhooks. Callers: the LiveKit server only, proven by its signature: a JWT in
 * {@code Authorization}, signed with the API secret and issued by the API key, whose {@code sha256}
 * claim is the digest of the exact body. Anything unsigned, signed otherwise or altered is refused
 * with 401 and changes nothing. Egress reports update the recordings catalogue; a participant joining
 * a call whose state records each participant starts their recording.
 */
@Path("/webhooks/livekit")
@PermitAll
@Tag(name = "recordings")
public class LiveKitWebhookResource {
    private static final Logger LOG = Logger.getLogger(LiveKitWebhookResource.class);
    static final int MAX_BODY_BYTES = 1 << 20;

    @Inject
    LiveKitConfig config;

    @Inject
    RecordingDirector recordings;

    @Inject
    MeterRegistry metrics;

    private WebhookReceiver receiver;

    @PostConstruct
    void init() {
        receiver = new WebhookReceiver(config.apiKey(), config.apiSecret());
    }

    @POST
    @Consumes({"application/webhook+json", MediaType.APPLICATION_JSON})
    @Operation(summary = "A LiveKit webhook (signed by the LiveKit server)")
    @APIResponse(responseCode = "200", description = "Accepted")
    @APIResponse(responseCode = "401", ref = "Unauthorized")
    @APIResponse(responseCode = "413", ref = "ContentTooLarge")
    public Response receive(InputStream stream, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization)
            throws IOException {
        // read no more than a webhook can be before its signature is checked: the service takes 2 GB assets
        byte[] bytes = stream.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new ProblemException(413, "Content Too Large", "a LiveKit webhook is at most " + MAX_BODY_BYTES + " bytes");
        }
        String body = new String(bytes, StandardCharsets.UTF_8);
        LivekitWebhook.WebhookEvent event;
        try {
            event = receiver.receive(body, authorization);
        } catch (RuntimeException refused) {
            // the receiver's messages name the check that failed, never the secret
            LOG.warnf("LiveKit webhook refused: %s", refused.getMessage());
            metrics.counter("hyperstudy.livekit.webhooks", "outcome", "refused").increment();
            throw new ProblemException(401, "Unauthorized", "not a webhook signed by this platform's LiveKit server");
        }
        metrics.counter("hyperstudy.livekit.webhooks", "outcome", "accepted").increment();
        switch (event.getEvent()) {
            case "egress_started", "egress_updated", "egress_ended" -> recordings.egressReported(event.getEgressInfo());
            case "participant_joined" -> recordings.participantJoined(event.getRoom().getName(), event.getParticipant());
            default -> LOG.debugf("LiveKit webhook %s ignored", event.getEvent());
        }
        return Response.noContent().build();
    }
}
