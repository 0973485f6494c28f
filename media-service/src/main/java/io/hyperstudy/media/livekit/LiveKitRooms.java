package io.hyperstudy.media.livekit;

import io.livekit.server.RoomServiceClient;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import livekit.LivekitModels;
import retrofit2.Response;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Opens and closes LiveKit rooms (named by HyperStudy room id) through the server API. Both are
 * idempotent: creating an existing room returns it, closing a room that is gone is done already.
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
        try {
            Response<LivekitModels.Room> answer = client.createRoom(roomId, EMPTY_TIMEOUT_SECONDS,
                    maxParticipants, null, null, null, null).execute();
            if (!answer.isSuccessful()) {
                throw new UncheckedIOException(new IOException("LiveKit CreateRoom answered " + answer.code()));
            }
            return answer.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void close(String roomId) {
        try {
            Response<Void> answer = client.deleteRoom(roomId).execute();
            if (!answer.isSuccessful() && answer.code() != 404) {
                throw new UncheckedIOException(new IOException("LiveKit DeleteRoom answered " + answer.code()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
