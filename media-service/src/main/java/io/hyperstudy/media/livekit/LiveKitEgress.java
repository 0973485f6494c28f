package io.hyperstudy.media.livekit;

import io.livekit.server.EgressServiceClient;
import io.livekit.server.EncodedOutputs;
import io.livekit.server.RoomServiceClient;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import livekit.LivekitEgress;
import livekit.LivekitModels;
import retrofit2.Call;
import retrofit2.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * LiveKit's egress (recording) API and the room listing it needs. A refusal LiveKit will repeat (no such
 * room, participant or egress) is an {@link EgressRefused}; anything else (LiveKit unreachable, 5xx) is an
 * {@link UncheckedIOException}, worth retrying.
 */
@ApplicationScoped
public class LiveKitEgress {

    @Inject
    LiveKitConfig config;

    private EgressServiceClient egress;
    private RoomServiceClient rooms;

    @PostConstruct
    void init() {
        egress = EgressServiceClient.Companion.createClient(config.apiUrl(), config.apiKey(), config.apiSecret());
        rooms = RoomServiceClient.Companion.createClient(config.apiUrl(), config.apiKey(), config.apiSecret());
    }

    /** Records the whole call (every participant in LiveKit's grid layout) into one MP4 file at {@code filepath}. */
    public LivekitEgress.EgressInfo startComposite(String room, String filepath) {
        return call(egress.startRoomCompositeEgress(room, output(filepath), "grid"), "StartRoomCompositeEgress");
    }

    /** Records one participant's camera and microphone into one MP4 file at {@code filepath}. */
    public LivekitEgress.EgressInfo startParticipant(String room, String identity, String filepath) {
        var outputs = new EncodedOutputs(output(filepath), null, null, null);
        return call(egress.startParticipantEgress(room, identity, outputs), "StartParticipantEgress");
    }

    /** Stops an egress; empty when it had already ended (stopping is then done). */
    public Optional<LivekitEgress.EgressInfo> stop(String egressId) {
        try {
            return Optional.of(call(egress.stopEgress(egressId), "StopEgress"));
        } catch (EgressRefused over) {
            return Optional.empty();
        }
    }

    /** What LiveKit knows of an egress now; empty when it knows none by that id. */
    public Optional<LivekitEgress.EgressInfo> find(String egressId) {
        return call(egress.listEgress(null, egressId, null), "ListEgress").stream().findFirst();
    }

    /** The room's participants now connected, hidden observers included. */
    public List<LivekitModels.ParticipantInfo> participants(String room) {
        return call(rooms.listParticipants(room), "ListParticipants");
    }

    private LivekitEgress.EncodedFileOutput output(String filepath) {
        var file = LivekitEgress.EncodedFileOutput.newBuilder()
                .setFileType(LivekitEgress.EncodedFileType.MP4)
                .setFilepath(filepath);
        config.recordingBucket().ifPresent(bucket -> {
            var gcp = LivekitEgress.GCPUpload.newBuilder().setBucket(bucket);
            config.recordingCredentials().ifPresent(gcp::setCredentials);
            file.setGcp(gcp);
        });
        return file.build();
    }

    private static <T> T call(Call<T> call, String method) {
        try {
            Response<T> answer = call.execute();
            if (answer.isSuccessful()) {
                return answer.body();
            }
            String detail = answer.message();
            // Twirp: not_found is 404, failed_precondition 412, invalid_argument 400
            if (answer.code() == 404 || answer.code() == 412 || answer.code() == 400) {
                throw new EgressRefused(method + " refused (" + answer.code() + "): " + detail);
            }
            throw new UncheckedIOException(new IOException("LiveKit " + method + " answered " + answer.code() + ": " + detail));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** LiveKit refused an egress call for a reason that will not pass with time. */
    public static class EgressRefused extends RuntimeException {
        public EgressRefused(String message) {
            super(message);
        }
    }
}
