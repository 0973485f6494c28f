package io.hyperstudy.experiment.session;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import io.hyperstudy.experiment.definition.Definition;
import io.hyperstudy.experiment.domain.Access;
import io.hyperstudy.experiment.domain.Caller;
import io.hyperstudy.experiment.domain.Experiment;
import io.hyperstudy.experiment.domain.ExperimentService;
import io.hyperstudy.experiment.platform.Events;
import io.hyperstudy.experiment.platform.RequestRefused;
import io.hyperstudy.experiment.store.ExperimentStore;
import io.hyperstudy.experiment.store.FirestoreCalls;
import io.hyperstudy.experiment.store.Outbox;
import io.hyperstudy.model.api.Problem.FieldError;
import io.hyperstudy.model.events.SessionClosed;
import io.hyperstudy.model.events.SessionCreated;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Sessions: created by an editor of the experiment for one of its published versions, read by its
 * viewers, closed by its editors. A session's rights follow its experiment's sharing.
 */
@ApplicationScoped
public class SessionService {
    static final int LIST_LIMIT = 200;
    static final Pattern PARAMETER = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    @Inject
    ExperimentService experiments;

    @Inject
    ExperimentStore experimentStore;

    @Inject
    SessionStore store;

    @Inject
    Firestore firestore;

    @Inject
    FirestoreCalls calls;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    private final SecureRandom random = new SecureRandom();

    public Session create(Caller caller, String experimentId, Integer version, SessionSettings requested) {
        List<FieldError> errors = new ArrayList<>();
        if (experimentId == null || experimentId.isBlank()) {
            errors.add(new FieldError("experimentId", "is required"));
        }
        if (version == null) {
            errors.add(new FieldError("version", "is required: the published version to run"));
        }
        SessionSettings settings = (requested == null ? new SessionSettings(null, null, null, null, null, null, null)
                : requested).withDefaults();
        errors.addAll(settingsErrors(settings));
        if (!errors.isEmpty()) {
            throw RequestRefused.invalid("the session is invalid", errors);
        }
        Experiment e = require(caller, experimentId, Access.EDITOR);
        Definition definition = experimentStore.findVersion(experimentId, version).orElseThrow(() ->
                RequestRefused.invalid("no such version", List.of(new FieldError("version",
                        "experiment " + experimentId + " has no published version " + version)))).definition();
        if (settings.matching() == Matching.ROLE_BALANCED && definition.rolesOrEmpty().size() < 2) {
            throw RequestRefused.invalid("nothing to balance", List.of(new FieldError("settings.matching",
                    "roleBalanced needs an experiment with at least two roles")));
        }
        Session s = new Session(UUID.randomUUID().toString(), experimentId, version, e.ownerId(), caller.id(), settings,
                newKey(), true, 0, java.util.Map.of(),
                clock.instant(), newKey());
        calls.await(firestore.runTransaction(tx -> {
            store.write(tx, s);
            outbox.add(tx, Events.of(new SessionCreated(s.id(), experimentId, version, e.ownerId(), caller.id()),
                    clock.instant()));
            return null;
        }));
        return s;
    }

    /** A fresh random key (joinKey, roleLinkKey): 144 bits, URL-safe. */
    public String newKey() {
        byte[] key = new byte[18];
        random.nextBytes(key);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    public Session get(Caller caller, String sessionId, Access needed) {
        Session s = store.find(sessionId).orElseThrow(() -> RequestRefused.notFound("session " + sessionId));
        requireOnExperiment(caller, s, needed);
        return s;
    }

    public List<Session> list(Caller caller, String experimentId) {
        require(caller, experimentId, Access.VIEWER);
        return store.listForExperiment(experimentId, LIST_LIMIT);
    }

    public Session close(Caller caller, String sessionId) {
        get(caller, sessionId, Access.EDITOR);
        return calls.await(firestore.runTransaction(tx -> {
            DocumentSnapshot d = tx.get(store.doc(sessionId)).get();
            Session current = store.session(d);
            if (!current.open()) {
                return current;
            }
            Session closed = current.closed();
            store.write(tx, closed);
            outbox.add(tx, Events.of(new SessionClosed(sessionId, current.experimentId(), caller.id()), clock.instant()));
            return closed;
        }));
    }

    /** The caller's access to the session's experiment must be at least {@code needed}; none at all is 404. */
    public void requireOnExperiment(Caller caller, Session s, Access needed) {
        Access has = accessOnExperiment(caller, s);
        if (!has.allows(needed)) {
            throw RequestRefused.forbidden("this needs " + needed.wireName() + " access to the experiment");
        }
    }

    /** The caller's access to the session's experiment; none at all is 404. */
    public Access accessOnExperiment(Caller caller, Session s) {
        return experiments.find(caller, s.experimentId()).map(ExperimentService.Visible::access)
                .orElseThrow(() -> RequestRefused.notFound("session " + s.id()));
    }

    private Experiment require(Caller caller, String experimentId, Access needed) {
        ExperimentService.Visible v = experiments.find(caller, experimentId)
                .orElseThrow(() -> RequestRefused.notFound("experiment " + experimentId));
        if (!v.access().allows(needed)) {
            throw RequestRefused.forbidden("this needs " + needed.wireName() + " access to the experiment");
        }
        return v.experiment();
    }

    static List<FieldError> settingsErrors(SessionSettings s) {
        List<FieldError> errors = new ArrayList<>();
        if (s.waitingTimeoutSeconds() < 5 || s.waitingTimeoutSeconds() > 24 * 3600) {
            errors.add(new FieldError("settings.waitingTimeoutSeconds", "must be between 5 and 86400"));
        }
        if (s.graceSeconds() < 1 || s.graceSeconds() > 3600) {
            errors.add(new FieldError("settings.graceSeconds", "must be between 1 and 3600"));
        }
        if (s.completionUrl() != null && !s.completionUrl().matches("https?://\\S{1,2000}")) {
            errors.add(new FieldError("settings.completionUrl", "must be an http(s) URL"));
        }
        s.codes().forEach((outcome, code) -> {
            try {
                Outcome.ofWireName(outcome);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("settings.codes." + outcome,
                        "is not an outcome: completed, timedOut, dropped, ended or noConsent"));
            }
            if (code == null || code.isBlank() || code.length() > 100) {
                errors.add(new FieldError("settings.codes." + outcome, "must be 1 to 100 characters"));
            }
        });
        if (!PARAMETER.matcher(s.labelParameter()).matches()) {
            errors.add(new FieldError("settings.labelParameter", "must be a parameter name such as PROLIFIC_PID"));
        }
        if (s.maxParticipants() != null && (s.maxParticipants() < 1 || s.maxParticipants() > 100_000)) {
            errors.add(new FieldError("settings.maxParticipants", "must be between 1 and 100000"));
        }
        return errors;
    }
}
