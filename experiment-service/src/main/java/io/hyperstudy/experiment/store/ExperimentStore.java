package io.hyperstudy.experiment.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.Transaction;
import io.hyperstudy.experiment.definition.Definition;
import io.hyperstudy.experiment.domain.Access;
import io.hyperstudy.experiment.domain.Caller;
import io.hyperstudy.experiment.domain.Experiment;
import io.hyperstudy.experiment.domain.Version;
import io.hyperstudy.model.events.CloudEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Experiments in Firestore: one document each in {@value #COLLECTION}, its published versions in the
 * sub-collection {@value #VERSIONS}. The definition is stored as its JSON text, exactly as the API
 * reads and writes it. {@code members} (owner and collaborators) lets one query list what a user may see.
 */
@ApplicationScoped
public class ExperimentStore {
    public static final String COLLECTION = "experiments";
    public static final String VERSIONS = "versions";

    @Inject
    Firestore firestore;

    @Inject
    FirestoreCalls calls;

    @Inject
    Outbox outbox;

    @Inject
    ObjectMapper json;

    /** Creates the experiment and records its event, in one transaction. */
    public void create(Experiment e, CloudEvent event) {
        calls.await(firestore.runTransaction(tx -> {
            tx.create(doc(e.id()), toDocument(e));
            outbox.add(tx, event);
            return null;
        }));
    }

    /**
     * Reads the experiment, lets {@code decide} say what changes, and writes that change with its event,
     * all in one transaction. Firestore may run {@code decide} again on contention, so it must only
     * compute. A {@code RequestRefused} it throws leaves the store untouched.
     */
    public <T> T change(String id, Function<Optional<Experiment>, ExperimentChange<T>> decide) {
        return calls.await(firestore.runTransaction(tx -> {
            DocumentSnapshot current = tx.get(doc(id)).get();
            ExperimentChange<T> change = decide.apply(current.exists() ? Optional.of(fromDocument(current))
                    : Optional.empty());
            write(tx, id, change);
            return change.result();
        }));
    }

    private void write(Transaction tx, String id, ExperimentChange<?> change) throws Exception {
        if (change.delete()) {
            // all reads of a transaction come before its writes
            List<QueryDocumentSnapshot> versions = tx.get(versions(id)).get().getDocuments();
            versions.forEach(v -> tx.delete(v.getReference()));
            tx.delete(doc(id));
        } else if (change.updated() != null) {
            tx.set(doc(id), toDocument(change.updated()));
        }
        if (change.newVersion() != null) {
            Version v = change.newVersion();
            tx.create(versions(id).document(Integer.toString(v.version())), toDocument(v));
        }
        if (change.event() != null) {
            outbox.add(tx, change.event());
        }
    }

    public Optional<Experiment> find(String id) {
        DocumentSnapshot d = calls.await(doc(id).get());
        return d.exists() ? Optional.of(fromDocument(d)) : Optional.empty();
    }

    /** The experiments the caller owns or that are shared with them (by id or verified e-mail), newest first. */
    public List<Experiment> listVisibleTo(Caller caller, int limit) {
        var members = firestore.collection(COLLECTION);
        return list(caller.email() == null ? members.whereArrayContains("members", caller.id())
                : members.whereArrayContainsAny("members", List.of(caller.id(), caller.email())), limit);
    }

    public List<Experiment> listAll(int limit) {
        return list(firestore.collection(COLLECTION), limit);
    }

    /** Whether any session runs a version of this experiment (sessions keep what they ran). */
    public boolean hasSessions(String experimentId) {
        return !calls.await(firestore.collection("sessions").whereEqualTo("experimentId", experimentId).limit(1).get())
                .isEmpty();
    }

    public Optional<Version> findVersion(String experimentId, int version) {
        DocumentSnapshot d = calls.await(versions(experimentId).document(Integer.toString(version)).get());
        return d.exists() ? Optional.of(versionFromDocument(d)) : Optional.empty();
    }

    /** The published versions of an experiment, newest first. */
    public List<Version> listVersions(String experimentId) {
        return calls.await(versions(experimentId).orderBy("version", Query.Direction.DESCENDING).get())
                .getDocuments().stream().map(this::versionFromDocument).toList();
    }

    private DocumentReference doc(String id) {
        return firestore.collection(COLLECTION).document(id);
    }

    private CollectionReference versions(String experimentId) {
        return doc(experimentId).collection(VERSIONS);
    }

    private List<Experiment> list(Query query, int limit) {
        return calls.await(query.orderBy("createdAt", Query.Direction.DESCENDING).limit(limit).get())
                .getDocuments().stream().map(this::fromDocument).toList();
    }

    private Map<String, Object> toDocument(Experiment e) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("ownerId", e.ownerId());
        doc.put("title", e.title());
        doc.put("description", e.description());
        doc.put("definition", write(e.definition()));
        Map<String, Object> collaborators = new HashMap<>();
        e.collaborators().forEach((user, access) -> collaborators.put(user, access.wireName()));
        doc.put("collaborators", collaborators);
        List<String> members = new ArrayList<>();
        members.add(e.ownerId());
        members.addAll(e.collaborators().keySet());
        doc.put("members", members);
        doc.put("revision", e.revision());
        doc.put("latestVersion", e.latestVersion());
        doc.put("publishedRevision", e.publishedRevision());
        doc.put("duplicatedFrom", e.duplicatedFrom());
        doc.put("createdAt", timestamp(e.createdAt()));
        doc.put("updatedAt", timestamp(e.updatedAt()));
        return doc;
    }

    @SuppressWarnings("unchecked")
    private Experiment fromDocument(DocumentSnapshot d) {
        Map<String, Access> collaborators = new LinkedHashMap<>();
        Object stored = d.get("collaborators");
        if (stored instanceof Map<?, ?> map) {
            ((Map<String, String>) map).forEach((user, access) -> collaborators.put(user, Access.ofWireName(access)));
        }
        return new Experiment(d.getId(), d.getString("ownerId"), d.getString("title"), d.getString("description"),
                read(d.getString("definition")), collaborators, number(d, "revision"),
                (int) number(d, "latestVersion"), number(d, "publishedRevision"), d.getString("duplicatedFrom"), instant(d, "createdAt"),
                instant(d, "updatedAt"));
    }

    private Map<String, Object> toDocument(Version v) {
        Map<String, Object> doc = new HashMap<>();
        doc.put("experimentId", v.experimentId());
        doc.put("version", v.version());
        doc.put("revision", v.revision());
        doc.put("title", v.title());
        doc.put("definition", write(v.definition()));
        doc.put("publishedBy", v.publishedBy());
        doc.put("publishedAt", timestamp(v.publishedAt()));
        return doc;
    }

    private Version versionFromDocument(DocumentSnapshot d) {
        return new Version(d.getString("experimentId"), (int) number(d, "version"), number(d, "revision"),
                d.getString("title"), read(d.getString("definition")), d.getString("publishedBy"),
                instant(d, "publishedAt"));
    }

    private String write(Definition definition) {
        try {
            return json.writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a definition that cannot be written as JSON", e);
        }
    }

    private Definition read(String text) {
        if (text == null) {
            return Definition.empty();
        }
        try {
            return json.readValue(text, Definition.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored definition that does not read back", e);
        }
    }

    private static long number(DocumentSnapshot d, String field) {
        Long value = d.getLong(field);
        return value == null ? 0 : value;
    }

    private static Instant instant(DocumentSnapshot d, String field) {
        return d.getTimestamp(field).toDate().toInstant();
    }

    private static Timestamp timestamp(Instant at) {
        return Timestamp.ofTimeSecondsAndNanos(at.getEpochSecond(), at.getNano());
    }
}
