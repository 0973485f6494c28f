package io.hyperstudy.experiment.response;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import io.hyperstudy.experiment.store.FirestoreCalls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Responses in Firestore ({@value #COLLECTION}), one document each, named after the session, the
 * participant and the client's response id, so a retried response finds itself already stored.
 */
@ApplicationScoped
public class ResponseStore {
    public static final String COLLECTION = "responses";
    static final int PAGE = 500;

    @Inject
    Firestore firestore;

    @Inject
    FirestoreCalls calls;

    public DocumentReference doc(String sessionId, String participantId, String responseId) {
        return firestore.collection(COLLECTION).document(sessionId + ":" + participantId + ":" + responseId);
    }

    public static Map<String, Object> document(StoredResponse r) {
        Map<String, Object> d = new HashMap<>();
        d.put("experimentId", r.experimentId());
        d.put("sessionId", r.sessionId());
        d.put("roomId", r.roomId());
        d.put("participantId", r.participantId());
        d.put("role", r.role());
        d.put("stateIndex", r.stateIndex());
        d.put("stateId", r.stateId());
        d.put("componentId", r.componentId());
        d.put("componentType", r.componentType());
        d.put("responseId", r.responseId());
        d.put("value", r.valueJson());
        d.put("clientTime", r.clientTime());
        d.put("serverTime", r.serverTime());
        return d;
    }

    static StoredResponse response(DocumentSnapshot d) {
        Long index = d.getLong("stateIndex");
        return new StoredResponse(d.getString("experimentId"), d.getString("sessionId"), d.getString("roomId"),
                d.getString("participantId"), d.getString("role"), index == null ? -1 : index.intValue(),
                d.getString("stateId"), d.getString("componentId"), d.getString("componentType"),
                d.getString("responseId"), d.getString("value"), d.getLong("clientTime"), d.getLong("serverTime"));
    }

    /**
     * Every response of a session in server-time order, page by page, so a large session streams
     * without being held in memory.
     */
    public void forEachInSession(String sessionId, Consumer<StoredResponse> each) {
        calls.forEachPage(firestore.collection(COLLECTION).whereEqualTo("sessionId", sessionId)
                .orderBy("serverTime").orderBy("responseId"), PAGE, d -> each.accept(response(d)));
    }
}
