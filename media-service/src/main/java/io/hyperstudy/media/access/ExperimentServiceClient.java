package io.hyperstudy.media.access;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * experiment-service, asked as the caller (with their own token), so its own sharing rules decide. What
 * the caller may not see is {@link NotVisible}: an answer, not a failure, so it does not trip the circuit
 * breaker; anything else that goes wrong is {@link ExperimentAccess.AccessUnknown} (answered 503).
 */
@RegisterRestClient(configKey = "experiment-service")
@Produces(MediaType.APPLICATION_JSON)
@Timeout(5000)
@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000,
        skipOn = ExperimentServiceClient.NotVisible.class)
public interface ExperimentServiceClient {

    @GET
    @Path("/api/experiments/{id}")
    Visible experiment(@HeaderParam("Authorization") String authorization, @PathParam("id") String experimentId);

    @GET
    @Path("/api/rooms/{id}")
    Visible room(@HeaderParam("Authorization") String authorization, @PathParam("id") String roomId);

    @GET
    @Path("/api/sessions/{id}")
    Visible session(@HeaderParam("Authorization") String authorization, @PathParam("id") String sessionId);

    /** Where the holder of a participant pass stands now (asked with the pass itself). */
    @GET
    @Path("/api/participants/me")
    Standing me(@HeaderParam("Authorization") String pass);

    /** What this service reads of an experiment, room or session: the caller's access, where given. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Visible(String id, String access) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Standing(String participantId, String status, Room room) {
        @JsonIgnoreProperties(ignoreUnknown = true)
        public record Room(String roomId) {
        }

        public boolean inRoom(String roomId) {
            return "inRoom".equals(status) && room != null && roomId.equals(room.roomId());
        }
    }

    /** experiment-service says the caller may not see it (401, 403 or 404). */
    class NotVisible extends RuntimeException {
        NotVisible(int status) {
            super("experiment-service answered " + status, null, false, false);
        }
    }

    @ClientExceptionMapper
    static RuntimeException refused(Response response) {
        int status = response.getStatus();
        if (status == 401 || status == 403 || status == 404) {
            return new NotVisible(status);
        }
        return new ExperimentAccess.AccessUnknown("experiment-service answered " + status);
    }
}
