package io.hyperstudy.media.recordings;

import com.google.api.core.ApiFuture;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import io.hyperstudy.model.events.RecordingCompleted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * The recordings catalogue, in Firestore ({@code recordings/{id}}). Every change is a transaction, so
 * that the event consumer and LiveKit's webhooks, on any replica, can update one recording at once.
 * {@code announcePending} marks recordings whose events are still to be published.
 */
@ApplicationScoped
public class RecordingCatalogue {
    static final String COLLECTION = "recordings";
    private static final long TIMEOUT_SECONDS = 10;

    @Inject
    Firestore firestore;

    public Optional<Recording> get(String id) {
        DocumentSnapshot doc = await(doc(id).get());
        return doc.exists() ? Optional.of(read(doc)) : Optional.empty();
    }

    /**
     * Stores {@code fresh} unless a recording with its id exists, and gives the caller the right to ask LiveKit
     * for its egress if no one has it (a lease, so that a caller that died is replaced): empty when the
     * recording has begun, has ended or someone else is asking for it now.
     */
    public Optional<Recording> claimLaunch(Recording fresh, long now) {
        return await(firestore.runTransaction(tx -> {
            DocumentSnapshot doc = tx.get(doc(fresh.id())).get();
            Recording current = doc.exists() ? read(doc) : fresh;
            if (!current.launchable(now)) {
                return Optional.<Recording>empty();
            }
            Recording leased = current.launching(now + Recording.LAUNCH_LEASE_MS);
            tx.set(doc(fresh.id()), write(leased));
            return Optional.of(leased);
        }));
    }

    /** Applies {@code change} to the stored recording in one transaction; empty when there is none. */
    public Optional<Recording> change(String id, UnaryOperator<Recording> change) {
        return await(firestore.runTransaction(tx -> {
            DocumentSnapshot doc = tx.get(doc(id)).get();
            if (!doc.exists()) {
                return Optional.<Recording>empty();
            }
            Recording before = read(doc);
            Recording after = change.apply(before);
            if (!after.equals(before)) {
                tx.set(doc(id), write(after));
            }
            return Optional.of(after);
        }));
    }

    public Optional<Recording> byEgress(String egressId) {
        return list(firestore.collection(COLLECTION).whereEqualTo("egressId", egressId).limit(1)).stream().findFirst();
    }

    /** A room's recordings, oldest first. */
    public List<Recording> ofRoom(String roomId) {
        return sorted(list(firestore.collection(COLLECTION).whereEqualTo("roomId", roomId)));
    }

    /** A session's recordings, oldest first. */
    public List<Recording> ofSession(String sessionId) {
        return sorted(list(firestore.collection(COLLECTION).whereEqualTo("sessionId", sessionId)));
    }

    /** Recordings not yet ended: asked for, or LiveKit has not reported their end. */
    public List<Recording> unfinished(int limit) {
        List<String> open = List.of(RecordingStatus.REQUESTED.wire(), RecordingStatus.STARTING.wire(),
                RecordingStatus.ACTIVE.wire(), RecordingStatus.ENDING.wire());
        return list(firestore.collection(COLLECTION).whereIn("status", List.copyOf(open)).limit(limit));
    }

    public List<Recording> pendingAnnouncement(int limit) {
        return list(firestore.collection(COLLECTION).whereEqualTo("announcePending", true).limit(limit));
    }

    private static List<Recording> sorted(List<Recording> recordings) {
        return recordings.stream().sorted(Comparator.comparingLong(Recording::requestedAt)
                .thenComparing(Recording::id)).toList();
    }

    private List<Recording> list(Query query) {
        return await(query.get()).getDocuments().stream().map(RecordingCatalogue::read).toList();
    }

    private DocumentReference doc(String id) {
        return firestore.collection(COLLECTION).document(id);
    }

    private static Map<String, Object> write(Recording r) {
        Map<String, Object> m = new HashMap<>();
        m.put("roomId", r.roomId());
        m.put("sessionId", r.sessionId());
        m.put("experimentId", r.experimentId());
        m.put("stateIndex", r.stateIndex());
        m.put("stateId", r.stateId());
        m.put("stateSeq", r.stateSeq());
        m.put("kind", r.kind());
        m.put("participantId", r.participantId());
        m.put("filepath", r.filepath());
        m.put("stateStartsAtServerTime", r.stateStartsAtServerTime());
        m.put("requestedAt", r.requestedAt());
        m.put("status", r.status().wire());
        m.put("egressId", r.egressId());
        m.put("startedAtServerTime", r.startedAtServerTime());
        m.put("endedAtServerTime", r.endedAtServerTime());
        List<Map<String, Object>> files = new ArrayList<>();
        for (RecordingCompleted.File f : r.files()) {
            files.add(Map.of("filename", f.filename(), "location", f.location(), "sizeBytes", f.sizeBytes(),
                    "durationMs", f.durationMs()));
        }
        m.put("files", files);
        m.put("error", r.error());
        m.put("startAnnounced", r.startAnnounced());
        m.put("endAnnounced", r.endAnnounced());
        m.put("announcePending", r.startDue() || r.endDue());
        m.put("launchUntil", r.launchUntil());
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Recording read(DocumentSnapshot d) {
        List<RecordingCompleted.File> files = new ArrayList<>();
        Object stored = d.get("files");
        if (stored instanceof List<?> list) {
            for (Object o : list) {
                Map<String, Object> f = (Map<String, Object>) o;
                files.add(new RecordingCompleted.File((String) f.get("filename"), (String) f.get("location"),
                        ((Number) f.get("sizeBytes")).longValue(), ((Number) f.get("durationMs")).longValue()));
            }
        }
        return new Recording(d.getId(), d.getString("roomId"), d.getString("sessionId"), d.getString("experimentId"),
                d.getLong("stateIndex").intValue(), d.getString("stateId"), d.getLong("stateSeq"), d.getString("kind"),
                d.getString("participantId"), d.getString("filepath"), d.getLong("stateStartsAtServerTime"),
                d.getLong("requestedAt"), RecordingStatus.ofWire(d.getString("status")), d.getString("egressId"),
                d.getLong("startedAtServerTime"), d.getLong("endedAtServerTime"), List.copyOf(files), d.getString("error"),
                Boolean.TRUE.equals(d.getBoolean("startAnnounced")), Boolean.TRUE.equals(d.getBoolean("endAnnounced")),
                d.getLong("launchUntil"));
    }

    private static <T> T await(ApiFuture<T> future) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while waiting for Firestore", e));
        } catch (ExecutionException | TimeoutException e) {
            throw new UncheckedIOException(new IOException("Firestore did not answer: " + e.getMessage(), e));
        }
    }
}
