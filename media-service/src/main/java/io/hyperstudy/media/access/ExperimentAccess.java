package io.hyperstudy.media.access;

import io.hyperstudy.media.config.MediaConfig;
import io.hyperstudy.model.pass.ParticipantPass;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A caller's access to an experiment's media, rooms and sessions. experiment-service owns experiments and
 * their sharing, so staff access is asked of it with the caller's own token (it answers 404 to whoever may
 * not see the experiment); answers are reused briefly. An admin may do everything; a participant pass
 * admits downloads of its own experiment's assets, and a room's call only while its holder is in the room.
 */
@ApplicationScoped
public class ExperimentAccess {
    private static final int CACHE_LIMIT = 10_000;

    @Inject
    MediaConfig config;

    @Inject
    Clock clock;

    @Inject
    @RestClient
    ExperimentServiceClient experiments;

    @ConfigProperty(name = "quarkus.oidc.participant.token.issuer")
    String passIssuer;

    private record Cached(Object answer, long until) {
    }

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /** The participant pass the caller holds, if any: issued by experiment-service, not merely so named. */
    public Optional<ParticipantPass> pass(SecurityIdentity identity) {
        if (identity.isAnonymous() || !identity.hasRole(ParticipantPass.GROUP)
                || !(identity.getPrincipal() instanceof JsonWebToken jwt) || !passIssuer.equals(jwt.getIssuer())) {
            return Optional.empty();
        }
        return Optional.of(ParticipantPass.of(jwt));
    }

    public Access of(SecurityIdentity identity, String authorization, String experimentId) {
        if (identity.hasRole("admin")) {
            return Access.OWNER;
        }
        Optional<ParticipantPass> pass = pass(identity);
        if (pass.isPresent()) {
            return experimentId.equals(pass.get().experimentId()) ? Access.PARTICIPANT : Access.NONE;
        }
        if (!identity.hasRole("experimenter") || authorization == null) {
            return Access.NONE;
        }
        return remembered(identity.getPrincipal().getName() + "/experiment/" + experimentId, () -> {
            var answer = ask(() -> experiments.experiment(authorization, experimentId));
            return answer.map(v -> switch (v.access() == null ? "" : v.access()) {
                case "owner" -> Access.OWNER;
                case "editor" -> Access.EDITOR;
                case "viewer" -> Access.VIEWER;
                default -> Access.NONE;
            }).orElse(Access.NONE);
        });
    }

    /** Whether experiment-service lets the caller see this room (it answers 404 otherwise). */
    public boolean canSeeRoom(String authorization, String roomId) {
        // keyed by the token itself: a <video> seeking in a recording asks once per range
        return authorization != null && remembered(authorization + "/api/rooms/" + roomId,
                () -> ask(() -> experiments.room(authorization, roomId)).isPresent());
    }

    /** Whether experiment-service lets the caller see this session (it answers 404 otherwise). */
    public boolean canSeeSession(String authorization, String sessionId) {
        return authorization != null && remembered(authorization + "/api/sessions/" + sessionId,
                () -> ask(() -> experiments.session(authorization, sessionId)).isPresent());
    }

    /**
     * Whether the holder of this pass is in this room now: asked of experiment-service every time, since a
     * pass may still name a room its holder has left (dropped, withdrawn, ended) until it expires.
     */
    public boolean isInRoom(String authorization, String roomId) {
        return ask(() -> experiments.me(authorization)).map(standing -> standing.inRoom(roomId)).orElse(false);
    }

    /** experiment-service's answer for this caller and question, asked at most once per cache period. */
    @SuppressWarnings("unchecked")
    private <T> T remembered(String key, Supplier<T> ask) {
        long now = clock.millis();
        Cached hit = cache.get(key);
        if (hit != null && hit.until() > now) {
            return (T) hit.answer();
        }
        T answer = ask.get();
        if (cache.size() > CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(key, new Cached(answer, now + config.accessCacheTtl().toMillis()));
        return answer;
    }

    /** The answer, empty when the caller may not see it; {@link AccessUnknown} when there is none. */
    private static <T> Optional<T> ask(Supplier<T> call) {
        try {
            return Optional.ofNullable(call.get());
        } catch (ExperimentServiceClient.NotVisible e) {
            return Optional.empty();
        } catch (AccessUnknown e) {
            throw e;
        } catch (ProcessingException | TimeoutException | CircuitBreakerOpenException e) {
            throw new AccessUnknown("experiment-service is unreachable: " + e.getMessage());
        }
    }

    /** experiment-service could not say; the request is answered 503, never guessed. */
    public static class AccessUnknown extends RuntimeException {
        public AccessUnknown(String message) {
            super(message);
        }
    }
}
