package io.hyperstudy.experiment.admission;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import io.hyperstudy.experiment.definition.Definition;
import io.hyperstudy.experiment.domain.Access;
import io.hyperstudy.experiment.domain.Caller;
import io.hyperstudy.experiment.participant.Participant;
import io.hyperstudy.experiment.platform.RequestRefused;
import io.hyperstudy.experiment.room.RoomPlans;
import io.hyperstudy.experiment.session.Matching;
import io.hyperstudy.experiment.session.Session;
import io.hyperstudy.experiment.session.SessionService;
import io.hyperstudy.experiment.session.SessionStore;
import io.hyperstudy.experiment.store.FirestoreCalls;
import io.hyperstudy.model.api.Problem.FieldError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Mints the links of {@link InvitationResource}. */
@ApplicationScoped
public class Invitations {

    @Inject
    SessionService sessions;

    @Inject
    SessionStore store;

    @Inject
    RoomPlans plans;

    @Inject
    ResumeSecrets secrets;

    @Inject
    Firestore firestore;

    @Inject
    FirestoreCalls calls;

    /** The session's join path with {@code role} and its {@code roleKey}. */
    public String roleLink(Caller caller, String sessionId, String role) {
        Session session = sessions.get(caller, sessionId, Access.EDITOR);
        Definition definition = plans.definition(session.experimentId(), session.version());
        if (definition.rolesOrEmpty().stream().noneMatch(r -> r.id().equals(role))) {
            throw RequestRefused.invalid("no such role", List.of(new FieldError("role",
                    "names no role of this experiment")));
        }
        if (session.settings().matching() != Matching.ROLE_BALANCED) {
            throw RequestRefused.conflict("this session gives roles in order of arrival (firstCome matching); "
                    + "role links need roleBalanced matching");
        }
        Session keyed = session.roleLinkKey() != null ? session : withRoleLinkKey(sessionId);
        return keyed.joinPath() + "&" + Admission.ROLE_PARAMETER + "=" + encode(role) + "&"
                + RoleLinks.ROLE_KEY_PARAMETER + "=" + RoleLinks.sign(keyed, role);
    }

    /** A new resume secret for the participant, replacing the old one, in a link to resume with. */
    public String resumeLink(Caller caller, String sessionId, String participantId) {
        Session session = sessions.get(caller, sessionId, Access.EDITOR);
        String secret = secrets.issue(participantId);
        calls.await(firestore.runTransaction(tx -> {
            DocumentSnapshot d = tx.get(store.participantDoc(sessionId, participantId)).get();
            if (!d.exists()) {
                throw RequestRefused.notFound("participant " + participantId);
            }
            Participant p = store.participant(d);
            store.write(tx, p.withResumeHash(ResumeSecrets.hash(secret)));
            return null;
        }));
        return session.joinPath() + "&resume=" + encode(secret);
    }

    /** Sessions made before role links existed get their key when the first link is minted. */
    private Session withRoleLinkKey(String sessionId) {
        return calls.await(firestore.runTransaction(tx -> {
            Session current = store.session(tx.get(store.doc(sessionId)).get());
            if (current.roleLinkKey() != null) {
                return current;
            }
            Session keyed = current.withRoleLinkKey(sessions.newKey());
            store.write(tx, keyed);
            return keyed;
        }));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
