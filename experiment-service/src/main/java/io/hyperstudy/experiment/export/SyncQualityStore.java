package io.hyperstudy.experiment.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.firestore.Firestore;
import io.hyperstudy.experiment.store.FirestoreCalls;
import io.hyperstudy.model.events.SyncQualityReported;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** The sync-quality summaries sync-service publishes, one document per event id (so redelivery is harmless). */
@ApplicationScoped
public class SyncQualityStore {
    public static final String COLLECTION = "syncQuality";
    static final int PAGE = 500;

    @Inject
    Firestore firestore;

    @Inject
    FirestoreCalls calls;

    @Inject
    ObjectMapper json;

    public void save(String eventId, String sessionId, SyncQualityReported summary) {
        Map<String, Object> d = new HashMap<>();
        d.put("sessionId", sessionId);
        d.put("roomId", summary.roomId());
        d.put("participantId", summary.participantId());
        d.put("disconnectedAt", summary.disconnectedAt());
        try {
            d.put("summary", json.writeValueAsString(summary));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        calls.await(firestore.collection(COLLECTION).document(eventId).set(d));
    }

    public void forEachInSession(String sessionId, Consumer<SyncQualityReported> each) {
        calls.forEachPage(firestore.collection(COLLECTION).whereEqualTo("sessionId", sessionId).orderBy("disconnectedAt"),
                PAGE, d -> {
                    try {
                        each.accept(json.readValue(d.getString("summary"), SyncQualityReported.class));
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }
}
