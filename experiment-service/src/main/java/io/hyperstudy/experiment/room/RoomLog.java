package io.hyperstudy.experiment.room;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Transaction;
import io.hyperstudy.experiment.store.FirestoreCalls;
import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.CloudEventCodec;
import io.hyperstudy.model.events.RoomStateChanged;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every event of every room, kept for exports ({@value #COLLECTION}): when each state began (the server
 * time a synced video started), pauses, who left and why. Written in the room's own transaction, so the
 * log and the room never disagree.
 */
@ApplicationScoped
public class RoomLog {
    public static final String COLLECTION = "roomLog";
    static final int PAGE = 500;

    @Inject
    Firestore firestore;

    @Inject
    FirestoreCalls calls;

    /** One logged room event; {@code at} is when it takes effect (a state's start), epoch ms. */
    public record Entry(String sessionId, String roomId, String type, long at, String eventJson) {
    }

    void add(Transaction tx, Room room, CloudEvent event) {
        long at = event.data() instanceof RoomStateChanged changed ? changed.startsAtServerTime()
                : event.time().toEpochMilli();
        Map<String, Object> d = new HashMap<>();
        d.put("sessionId", room.sessionId());
        d.put("roomId", room.id());
        d.put("type", event.type());
        d.put("at", at);
        d.put("event", new String(CloudEventCodec.encode(event), StandardCharsets.UTF_8));
        tx.set(firestore.collection(COLLECTION).document(event.id()), d);
    }

    public void forEachInSession(String sessionId, Consumer<Entry> each) {
        calls.forEachPage(firestore.collection(COLLECTION).whereEqualTo("sessionId", sessionId).orderBy("at"), PAGE,
                d -> each.accept(new Entry(d.getString("sessionId"), d.getString("roomId"), d.getString("type"),
                        d.getLong("at"), d.getString("event"))));
    }
}
