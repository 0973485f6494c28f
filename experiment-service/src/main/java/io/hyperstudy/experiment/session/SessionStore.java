package io.hyperstudy.experiment.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.Transaction;
import io.hyperstudy.experiment.participant.Participant;
import io.hyperstudy.experiment.store.FirestoreCalls;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sessions in Firestore ({@value #COLLECTION}), each with its participants in a sub-collection.
 * Settings are kept as their JSON text. Callers compose transactions; this class maps documents.
 */
@ApplicationScoped
public class SessionStore {
    public static final String COLLECTION = "sessions";
    public static final String PARTICIPANTS = "participants";

    @Inject
    Firestore firestore;

    @Inject
    FirestoreCalls calls;

    @Inject
    ObjectMapper json;

    public DocumentReference doc(String sessionId) {
        return firestore.collection(COLLECTION).document(sessionId);
    }

    public DocumentReference participantDoc(String sessionId, String participantId) {
        return doc(sessionId).collection(PARTICIPANTS).document(participantId);
    }

    public CollectionReference participants(String sessionId) {
        return doc(sessionId).collection(PARTICIPANTS);
    }

    public Optional<Session> find(String sessionId) {
        DocumentSnapshot d = calls.await(doc(sessionId).get());
        return d.exists() ? Optional.of(session(d)) : Optional.empty();
    }

    public List<Session> listForExperiment(String experimentId, int limit) {
        return calls.await(firestore.collection(COLLECTION).whereEqualTo("experimentId", experimentId)
                        .orderBy("createdAt", Query.Direction.DESCENDING).limit(limit).get())
                .getDocuments().stream().map(this::session).toList();
    }

    public Optional<Participant> findParticipant(String sessionId, String participantId) {
        DocumentSnapshot d = calls.await(participantDoc(sessionId, participantId).get());
        return d.exists() ? Optional.of(participant(d)) : Optional.empty();
    }

    public List<Participant> listParticipants(String sessionId, int limit) {
        return calls.await(participants(sessionId).orderBy("joinedAt").limit(limit).get())
                .getDocuments().stream().map(this::participant).toList();
    }

    public void write(Transaction tx, Session s) {
        tx.set(doc(s.id()), document(s));
    }

    public void write(Transaction tx, Participant p) {
        tx.set(participantDoc(p.sessionId(), p.id()), document(p));
    }

    public Map<String, Object> document(Session s) {
        Map<String, Object> d = new HashMap<>();
        d.put("experimentId", s.experimentId());
        d.put("version", s.version());
        d.put("ownerId", s.ownerId());
        d.put("createdBy", s.createdBy());
        d.put("settings", text(s.settings()));
        d.put("joinKey", s.joinKey());
        d.put("open", s.open());
        d.put("participantCount", s.participantCount());
        d.put("roleCounts", new HashMap<>(s.roleCounts()));
        d.put("createdAt", timestamp(s.createdAt()));
        d.put("roleLinkKey", s.roleLinkKey());
        return d;
    }

    public Session session(DocumentSnapshot d) {
        Map<String, Integer> roleCounts = new HashMap<>();
        if (d.get("roleCounts") instanceof Map<?, ?> counts) {
            counts.forEach((role, n) -> roleCounts.put((String) role, ((Number) n).intValue()));
        }
        try {
            SessionSettings settings = json.readValue(d.getString("settings"), SessionSettings.class);
            return new Session(d.getId(), d.getString("experimentId"), d.getLong("version").intValue(),
                    d.getString("ownerId"), d.getString("createdBy"), settings, d.getString("joinKey"),
                    Boolean.TRUE.equals(d.getBoolean("open")), d.getLong("participantCount").intValue(),
                    roleCounts, d.getTimestamp("createdAt").toDate().toInstant(), d.getString("roleLinkKey"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored session settings do not read back", e);
        }
    }

    public Map<String, Object> document(Participant p) {
        Map<String, Object> d = new HashMap<>();
        d.put("sessionId", p.sessionId());
        d.put("label", p.label());
        d.put("params", p.params());
        d.put("status", p.status().name());
        d.put("role", p.role());
        d.put("roomId", p.roomId());
        d.put("outcome", p.outcome() == null ? null : p.outcome().wireName());
        d.put("joinedAt", timestamp(p.joinedAt()));
        d.put("finishedAt", p.finishedAt() == null ? null : timestamp(p.finishedAt()));
        d.put("resumeHash", p.resumeHash());
        d.put("consentedAt", p.consentedAt() == null ? null : timestamp(p.consentedAt()));
        return d;
    }

    @SuppressWarnings("unchecked")
    public Participant participant(DocumentSnapshot d) {
        String outcome = d.getString("outcome");
        Timestamp finished = d.getTimestamp("finishedAt");
        Timestamp consented = d.getTimestamp("consentedAt");
        Object params = d.get("params");
        return new Participant(d.getId(), d.getString("sessionId"), d.getString("label"),
                params instanceof Map<?, ?> m ? Map.copyOf((Map<String, String>) m) : Map.of(),
                Participant.Status.valueOf(d.getString("status")), d.getString("role"), d.getString("roomId"),
                outcome == null ? null : Outcome.ofWireName(outcome), d.getTimestamp("joinedAt").toDate().toInstant(),
                finished == null ? null : finished.toDate().toInstant(), d.getString("resumeHash"),
                consented == null ? null : consented.toDate().toInstant());
    }

    private String text(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Timestamp timestamp(Instant at) {
        return Timestamp.ofTimeSecondsAndNanos(at.getEpochSecond(), at.getNano());
    }
}
