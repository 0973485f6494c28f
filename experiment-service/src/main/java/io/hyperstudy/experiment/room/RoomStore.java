package io.hyperstudy.experiment.room;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.Transaction;
import io.hyperstudy.experiment.store.FirestoreCalls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rooms in Firestore ({@value #COLLECTION}). The room is kept whole as its JSON text in {@code room},
 * beside the few fields queries need: {@code sessionId}, {@code status} and {@code nextWakeAt}, the
 * stored deadline the timers look for.
 */
@ApplicationScoped
public class RoomStore {
    public static final String COLLECTION = "rooms";

    @Inject
    Firestore firestore;

    @Inject
    FirestoreCalls calls;

    @Inject
    ObjectMapper json;

    public DocumentReference doc(String roomId) {
        return firestore.collection(COLLECTION).document(roomId);
    }

    public Optional<Room> find(String roomId) {
        DocumentSnapshot d = calls.await(doc(roomId).get());
        return d.exists() ? Optional.of(room(d)) : Optional.empty();
    }

    public List<Room> listForSession(String sessionId, int limit) {
        return calls.await(firestore.collection(COLLECTION).whereEqualTo("sessionId", sessionId)
                        .orderBy("startedAt", Query.Direction.ASCENDING).limit(limit).get())
                .getDocuments().stream().map(this::room).toList();
    }

    /** Rooms whose next deadline falls before {@code until}, soonest first. */
    public List<Room> dueBefore(long until, int limit) {
        return calls.await(firestore.collection(COLLECTION).whereLessThanOrEqualTo("nextWakeAt", until)
                        .orderBy("nextWakeAt").limit(limit).get())
                .getDocuments().stream().map(this::room).toList();
    }

    public void write(Transaction tx, Room room) {
        tx.set(doc(room.id()), document(room));
    }

    Map<String, Object> document(Room room) {
        Map<String, Object> d = new HashMap<>();
        d.put("sessionId", room.sessionId());
        d.put("experimentId", room.experimentId());
        d.put("status", room.status().name());
        d.put("nextWakeAt", room.nextWakeAt());
        d.put("startedAt", room.startedAt());
        d.put("seq", room.seq());
        try {
            d.put("room", json.writeValueAsString(room));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return d;
    }

    public Room room(DocumentSnapshot d) {
        try {
            return json.readValue(d.getString("room"), Room.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored room does not read back", e);
        }
    }
}
