package io.hyperstudy.sync.access;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
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
 * experiment-service's room API, asked as the caller (with their own token), so it applies its own
 * sharing rules. A room the caller may not see is {@link NotVisible}, an answer, not a failure: it does
 * not trip the circuit breaker that protects this service from a slow or failing experiment-service.
 */
@RegisterRestClient(configKey = "experiment-service")
@Path("/api/rooms")
public interface ExperimentRooms {

    /** The room's summary with the caller's {@code access} to its experiment. */
    @GET
    @Path("/{roomId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Timeout(3000)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000, skipOn = NotVisible.class)
    Uni<RoomSummary> room(@HeaderParam("Authorization") String authorization, @PathParam("roomId") String roomId);

    /** The part of experiment-service's room view this service reads. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RoomSummary(String id, String experimentId, String access) {
    }

    /** experiment-service says the caller may not see the room (401, 403 or 404). */
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
        return new IllegalStateException("experiment-service answered " + status);
    }
}
