package io.hyperstudy.media.livekit;

import io.livekit.server.EgressServiceClient;
import io.livekit.server.EncodedOutputs;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import livekit.LivekitEgress;

import java.util.Optional;

/** LiveKit's egress (recording) API; refusals and failures as {@link LiveKitCalls} says. */
@ApplicationScoped
public class LiveKitEgress {

    @Inject
    LiveKitConfig config;

    private EgressServiceClient egress;

    @PostConstruct
    void init() {
        egress = EgressServiceClient.Companion.createClient(config.apiUrl(), config.apiKey(), config.apiSecret());
    }

    /** Records the whole call (every participant in LiveKit's grid layout) into one MP4 file at {@code filepath}. */
    public LivekitEgress.EgressInfo startComposite(String room, String filepath) {
        return LiveKitCalls.call(egress.startRoomCompositeEgress(room, output(filepath), "grid"), "StartRoomCompositeEgress");
    }

    /** Records one participant's camera and microphone into one MP4 file at {@code filepath}. */
    public LivekitEgress.EgressInfo startParticipant(String room, String identity, String filepath) {
        var outputs = new EncodedOutputs(output(filepath), null, null, null);
        return LiveKitCalls.call(egress.startParticipantEgress(room, identity, outputs), "StartParticipantEgress");
    }

    /** Stops an egress; empty when it had already ended (stopping is then done). */
    public Optional<LivekitEgress.EgressInfo> stop(String egressId) {
        try {
            return Optional.of(LiveKitCalls.call(egress.stopEgress(egressId), "StopEgress"));
        } catch (LiveKitCalls.LiveKitRefused over) {
            return Optional.empty();
        }
    }

    /** What LiveKit knows of an egress now; empty when it knows none by that id. */
    public Optional<LivekitEgress.EgressInfo> find(String egressId) {
        return LiveKitCalls.call(egress.listEgress(null, egressId, null), "ListEgress").stream().findFirst();
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
}
