package io.hyperstudy.sync.api;

import io.hyperstudy.model.sync.Timeline;
import io.hyperstudy.sync.affinity.Snapshots;
import io.hyperstudy.sync.room.RoomTimelines;
import io.hyperstudy.sync.timeline.RoomTimeline;
import io.smallrye.mutiny.Uni;
import io.hyperstudy.sync.room.ServerClock;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A room's playback timeline. Callers: staff with viewer access to the room's experiment, and admins
 * (RoomAccessPolicy decides before this runs).
 */
@Path("/api/sync/rooms/{roomId}/timeline")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"experimenter", "admin"})
@Tag(name = "sync")
@SecurityRequirement(name = "staff")
public class RoomTimelineResource {
    @Inject
    RoomTimelines timelines;

    @Inject
    ServerClock clock;

    @Inject
    Snapshots snapshots;

    @GET
    @Operation(summary = "The room's current timeline (server times in epoch milliseconds)")
    @APIResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Timeline.class)))
    @APIResponse(responseCode = "503", ref = "ServiceUnavailable")
    public Uni<Timeline> get(@PathParam("roomId") String roomId) {
        double now = clock.nowMillis();
        if (timelines.holds(roomId)) {
            return Uni.createFrom().item(timelines.get(roomId, now).toMessage());
        }
        // the owner answers through the gateway; any other pod answers from the stored snapshot
        return snapshots.read(roomId).map(found -> found.map(s -> s.timeline().toMessage(s.seq()))
                .orElseGet(() -> RoomTimeline.empty(now).toMessage(0)));
    }
}
