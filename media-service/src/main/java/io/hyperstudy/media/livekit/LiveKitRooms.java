package io.hyperstudy.media.livekit;

import io.livekit.server.RoomServiceClient;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import livekit.LivekitModels;

import java.util.List;

/**
 * Opens and closes LiveKit rooms (named by HyperStudy room id) through the server API, and lists who is
 * in them. Opening and closing are idempotent: creating an existing room returns it, closing a room that is
 * gone is done already.
 */
@ApplicationScoped
public class LiveKitRooms {
    /** A room nobody has joined closes by itself after this long (seconds), in case its end is never heard. */
    static final int EMPTY_TIMEOUT_SECONDS = 600;

    @Inject
    LiveKitConfig config;

    private RoomServiceClient client;

    @PostConstruct
    void init() {
        client = RoomServiceClient.Companion.createClient(config.apiUrl(), config.apiKey(), config.apiSecret());
    }

    public LivekitModels.Room open(String roomId, int maxParticipants) {
        return LiveKitCalls.call(client.createRoom(roomId, EMPTY_TIMEOUT_SECONDS, maxParticipants, null, null, null, null),
                "CreateRoom");
    }

    public void close(String roomId) {
        try {
            LiveKitCalls.call(client.deleteRoom(roomId), "DeleteRoom");
        } catch (LiveKitCalls.LiveKitRefused gone) {
            // no such room: closed already
        }
    }

    /** The room's participants now connected, hidden observers included. */
    public List<LivekitModels.ParticipantInfo> participants(String roomId) {
        return LiveKitCalls.call(client.listParticipants(roomId), "ListParticipants");
    }
}
