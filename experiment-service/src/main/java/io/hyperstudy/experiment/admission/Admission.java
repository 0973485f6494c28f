package io.hyperstudy.experiment.admission;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import io.hyperstudy.experiment.definition.Definition;
import io.hyperstudy.experiment.definition.Role;
import io.hyperstudy.experiment.participant.Participant;
import io.hyperstudy.experiment.participant.ParticipantStatus;
import io.hyperstudy.experiment.participant.ParticipantStatuses;
import io.hyperstudy.experiment.pass.Pass;
import io.hyperstudy.experiment.platform.Events;
import io.hyperstudy.experiment.platform.KeyedLocks;
import io.hyperstudy.experiment.platform.RequestRefused;
import io.hyperstudy.experiment.room.RoomPlans;
import io.hyperstudy.experiment.session.Matching;
import io.hyperstudy.experiment.session.Session;
import io.hyperstudy.experiment.session.SessionStore;
import io.hyperstudy.experiment.store.FirestoreCalls;
import io.hyperstudy.experiment.store.Outbox;
import io.hyperstudy.experiment.waiting.Grouping;
import io.hyperstudy.experiment.waiting.WaitingRoom;
import io.hyperstudy.model.api.Ids;
import io.hyperstudy.model.api.Problem;
import io.hyperstudy.model.api.Problem.FieldError;
import io.hyperstudy.model.events.ParticipantJoined;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Admission by link: redeeming a session link for a participant pass. The link's key admits newcomers;
 * a returning participant must also bring the resume secret their browser was given, because a label
 * (a recruitment id such as {@code PROLIFIC_PID}) is not a secret. A role the link names is honoured only
 * among roles a participant may pick; a host role needs a role link staff minted.
 */
@ApplicationScoped
public class Admission {
    static final Pattern PARAMETER = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    static final int MAX_PARAMS = 20;
    public static final String ROLE_PARAMETER = "role";
    /** A resume secret the participant app made itself (at least 128 random bits, URL-safe, no dot). */
    static final Pattern CLIENT_SECRET = Pattern.compile("[A-Za-z0-9_-]{22,128}");
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(Admission.class);
    static final String TAKEN = "someone has already joined this session with this id; continue in the browser "
            + "you started in, or ask the researcher for a link to resume";

    @Inject
    SessionStore sessions;

    @Inject
    RoomPlans plans;

    @Inject
    WaitingRoom waiting;

    @Inject
    ParticipantStatuses statuses;

    @Inject
    ResumeSecrets secrets;

    @Inject
    Outbox outbox;

    @Inject
    Firestore firestore;

    @Inject
    FirestoreCalls calls;

    @Inject
    Clock clock;

    @Inject
    KeyedLocks locks;

    /**
     * The result of redeeming a link: a pass, where the participant stands, and (on their first redeem
     * only) the resume secret their browser must keep.
     */
    public record Admitted(Pass pass, ParticipantStatus status, String resume) {
    }

    /**
     * Admits the bearer of a session link. The same label always maps to the same participant, who gets
     * their place back with their resume secret; an unknown session or a wrong key are both 404, so links
     * cannot be guessed at.
     */
    public Admitted redeem(RedeemInput input) {
        String sessionId = input.sessionId();
        if (!Ids.valid(sessionId)) {
            throw RequestRefused.notFound("the session");
        }
        Map<String, String> p = input.params() == null ? Map.of() : input.params();
        List<FieldError> errors = paramErrors(p);
        if (!errors.isEmpty()) {
            throw RequestRefused.invalid("the link's parameters are invalid", errors);
        }
        String key = input.key();
        Session session = sessions.find(sessionId).filter(s -> key != null && MessageDigest.isEqual(
                        s.joinKey().getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8)))
                .orElseThrow(() -> RequestRefused.notFound("session " + sessionId));
        String label = p.get(session.settings().labelParameter());
        String resume = input.resume();
        String participantId = participantId(sessionId, label, resume);
        Definition definition = plans.definition(session.experimentId(), session.version());
        String chosenRole = chosenRole(session, definition, p);
        // the role key is a credential: it opens a role, it is not data about the participant
        Map<String, String> kept = new LinkedHashMap<>(p);
        kept.remove(RoleLinks.ROLE_KEY_PARAMETER);
        Instant now = clock.instant();
        String[] issued = new String[1];
        Participant participant = locks.with("session:" + sessionId, () -> calls.await(firestore.runTransaction(tx -> {
            issued[0] = null;
            DocumentSnapshot sd = tx.get(sessions.doc(sessionId)).get();
            DocumentSnapshot pd = tx.get(sessions.participantDoc(sessionId, participantId)).get();
            Session current = sessions.session(sd);
            if (pd.exists()) {
                Participant existing = sessions.participant(pd);
                if (!ResumeSecrets.matches(resume, existing.resumeHash())) {
                    throw RequestRefused.conflict(Problem.ALREADY_JOINED, TAKEN);
                }
                if (existing.status() == Participant.Status.WAITING) {
                    outbox.add(tx, Events.of(new ParticipantJoined(sessionId, participantId, label, true), now));
                }
                return existing;
            }
            if (resume != null && !CLIENT_SECRET.matcher(resume).matches()) {
                // a secret this service issued, for someone this session does not have
                throw RequestRefused.conflict(Problem.RESUME_INVALID, "this resume secret is not valid for this "
                        + "session; open the link again without it");
            }
            if (!current.open()) {
                throw RequestRefused.conflict(Problem.SESSION_CLOSED, "this session no longer admits participants");
            }
            Integer max = current.settings().maxParticipants();
            if (max != null && current.participantCount() >= max) {
                throw RequestRefused.conflict(Problem.SESSION_FULL, "this session is full");
            }
            String role = current.settings().matching() == Matching.ROLE_BALANCED
                    ? (chosenRole != null ? chosenRole : Grouping.roleFor(definition.rolesOrEmpty(), current.roleCounts()))
                    : null;
            // the app's own secret, if it sent one: a retry after a lost answer then finds its participant
            issued[0] = resume != null ? null : secrets.issue(participantId);
            // with a consent form, they join the line when they accept it
            Participant created = new Participant(participantId, sessionId, label, Map.copyOf(kept),
                    definition.consent() != null ? Participant.Status.CONSENT : Participant.Status.WAITING, role,
                    null, null, now, null, ResumeSecrets.hash(resume != null ? resume : issued[0]), null);
            sessions.write(tx, created);
            sessions.write(tx, current.joinedBy(role));
            outbox.add(tx, Events.of(new ParticipantJoined(sessionId, participantId, label, false), now));
            return created;
        })));
        if (participant.status() == Participant.Status.WAITING) {
            try {
                waiting.enqueue(sessionId, participantId, participant.inLineSince().toEpochMilli(), now.toEpochMilli());
            } catch (RuntimeException e) {
                // admitted all the same: the first heartbeat puts them in line, at the place their arrival gives them
                LOG.warnf("waiting room unreachable; %s joins the line at their first heartbeat: %s", participantId, e);
            }
        }
        return new Admitted(statuses.passFor(participant),
                statuses.status(participant, session, null, Optional.empty()), issued[0]);
    }

    /**
     * Who the caller is: the participant their label maps to; without a label, the one their resume secret
     * names (a secret this service issued names its participant; one the app made maps to one); otherwise
     * someone new.
     */
    private String participantId(String sessionId, String label, String resume) {
        if (label != null) {
            return "p-" + digest(sessionId + "\n" + label);
        }
        if (resume != null) {
            if (CLIENT_SECRET.matcher(resume).matches()) {
                return "p-" + digest(sessionId + "\nresume\n" + resume);
            }
            return secrets.participantOf(resume).filter(Ids::valid)
                    .orElseThrow(() -> RequestRefused.conflict(Problem.RESUME_INVALID, "this resume secret is not "
                            + "valid for this session; open the link again without it"));
        }
        return "p-" + UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * The role the link asks for, under role-balanced matching (first-come gives roles in arrival order).
     * A role that drives everyone's playback is given only by a role link staff minted (403 otherwise); a
     * role the experiment does not have is left to balancing.
     */
    private static String chosenRole(Session session, Definition definition, Map<String, String> params) {
        String asked = params.get(ROLE_PARAMETER);
        if (asked == null || session.settings().matching() != Matching.ROLE_BALANCED) {
            return null;
        }
        Optional<Role> role = definition.rolesOrEmpty().stream().filter(r -> r.id().equals(asked)).findFirst();
        if (role.isEmpty()) {
            return null;
        }
        if (role.get().drivesPlayback() && !RoleLinks.valid(session, asked, params.get(RoleLinks.ROLE_KEY_PARAMETER))) {
            throw RequestRefused.forbidden("the " + asked + " role is given by invitation only; "
                    + "this link does not carry one");
        }
        return asked;
    }

    private static List<FieldError> paramErrors(Map<String, String> params) {
        List<FieldError> errors = new ArrayList<>();
        if (params.size() > MAX_PARAMS) {
            errors.add(new FieldError("params", "must have at most " + MAX_PARAMS + " parameters"));
        }
        params.forEach((name, value) -> {
            if (!PARAMETER.matcher(name).matches()) {
                errors.add(new FieldError("params." + (name.length() > 64 ? name.substring(0, 64) + "…" : name),
                        "is not a parameter name"));
            } else if (value == null || value.isBlank() || value.length() > 200) {
                errors.add(new FieldError("params." + name, "must be 1 to 200 characters"));
            }
        });
        return errors;
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
