package io.hyperstudy.experiment.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.firestore.Firestore;
import io.hyperstudy.experiment.store.FirestoreCalls;
import io.hyperstudy.experiment.store.StoreConflict;
import io.hyperstudy.model.events.DomainEvent;
import io.hyperstudy.model.events.EventType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What other services report about a session's rooms, kept with the session for its exports:
 * sync-service's sync-quality summaries and media-service's recordings. One document per report, named
 * so that a redelivered event overwrites itself; ordered by the report's server time.
 */
@ApplicationScoped
public class ServiceReports {
    public static final String COLLECTION = "serviceReports";
    static final int PAGE = 500;

    /** A stored report: its export {@code record} kind, participant (if any), time and the event as JSON. */
    public record Report(String record, String roomId, String participantId, long at, String type, String json) {
    }

    @Inject
    Firestore firestore;

    @Inject
    FirestoreCalls calls;

    @Inject
    ObjectMapper json;

    /** Stores (or replaces) the report {@code id}. */
    public void save(String id, String record, String sessionId, String participantId, long at, DomainEvent event) {
        calls.await(firestore.collection(COLLECTION).document(id).set(doc(record, sessionId, participantId, at, event)));
    }

    /** Stores the report {@code id} unless one is there already (a later report of the same thing wins). */
    public void saveIfAbsent(String id, String record, String sessionId, String participantId, long at, DomainEvent event) {
        try {
            calls.await(firestore.collection(COLLECTION).document(id).create(doc(record, sessionId, participantId, at, event)));
        } catch (StoreConflict exists) {
            // kept: what is there is as new or newer
        }
    }

    public void forEachInSession(String sessionId, Consumer<Report> each) {
        calls.forEachPage(firestore.collection(COLLECTION).whereEqualTo("sessionId", sessionId).orderBy("at"),
                PAGE, d -> each.accept(new Report(d.getString("record"), d.getString("roomId"), d.getString("participantId"),
                        d.getLong("at"), d.getString("type"), d.getString("event"))));
    }

    private Map<String, Object> doc(String record, String sessionId, String participantId, long at, DomainEvent event) {
        Map<String, Object> d = new HashMap<>();
        d.put("record", record);
        d.put("sessionId", sessionId);
        d.put("roomId", event.aggregateId());
        d.put("participantId", participantId);
        d.put("at", at);
        d.put("type", EventType.of(event).type());
        try {
            d.put("event", json.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return d;
    }
}
