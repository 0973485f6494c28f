package io.hyperstudy.media.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hyperstudy.media.config.MediaConfig;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A caller's access to an experiment's media. experiment-service owns experiments and their sharing,
 * so staff access is asked of it, with the caller's own token (it answers 404 to whoever may not see
 * the experiment); answers are reused briefly. An admin may do everything; a participant pass admits
 * downloads of its own experiment's assets only.
 */
@ApplicationScoped
public class ExperimentAccess {
    static final String PASS_EXPERIMENT = "hs_experiment";
    private static final int CACHE_LIMIT = 10_000;

    @Inject
    MediaConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    Clock clock;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private record Cached(Object answer, long until) {
    }

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public Access of(SecurityIdentity identity, String authorization, String experimentId) {
        if (identity.hasRole("admin")) {
            return Access.OWNER;
        }
        if (identity.hasRole("participant") && identity.getPrincipal() instanceof JsonWebToken pass) {
            return experimentId.equals(pass.getClaim(PASS_EXPERIMENT)) ? Access.PARTICIPANT : Access.NONE;
        }
        if (!identity.hasRole("experimenter") || authorization == null) {
            return Access.NONE;
        }
        return remembered(identity.getPrincipal().getName() + "/experiment/" + experimentId,
                () -> ask(authorization, experimentId));
    }

    /** Whether experiment-service lets the caller see this room (it answers 404 otherwise). */
    public boolean canSeeRoom(String authorization, String roomId) {
        return canSee(authorization, "/api/rooms/", roomId);
    }

    /** Whether experiment-service lets the caller see this session (it answers 404 otherwise). */
    public boolean canSeeSession(String authorization, String sessionId) {
        return canSee(authorization, "/api/sessions/", sessionId);
    }

    private boolean canSee(String authorization, String collection, String id) {
        if (authorization == null || id == null || !id.matches("[A-Za-z0-9_-]{1,128}")) {
            return false;
        }
        // keyed by the token itself: a <video> seeking in a recording asks once per range
        return remembered(authorization + collection + id, () -> fetch(collection + id, authorization) != null);
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

    private Access ask(String authorization, String experimentId) {
        String body = fetch("/api/experiments/" + experimentId, authorization);
        if (body == null) {
            return Access.NONE;
        }
        try {
            return switch (json.readTree(body).path("access").asText()) {
                case "owner" -> Access.OWNER;
                case "editor" -> Access.EDITOR;
                case "viewer" -> Access.VIEWER;
                default -> Access.NONE;
            };
        } catch (IOException e) {
            throw new AccessUnknown("experiment-service answered what is not JSON");
        }
    }

    /**
     * Asks experiment-service for {@code path} as the caller: the answer's body, or null when the caller
     * may not see it (401, 403, 404); anything else is {@link AccessUnknown}.
     */
    private String fetch(String path, String authorization) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(config.experimentServiceUrl().resolve(path))
                    .timeout(Duration.ofSeconds(5)).header("Authorization", authorization)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            int status = answer.statusCode();
            if (status == 404 || status == 401 || status == 403) {
                return null;
            }
            if (status != 200) {
                throw new AccessUnknown("experiment-service answered " + status);
            }
            return answer.body();
        } catch (IOException e) {
            throw new AccessUnknown("experiment-service is unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AccessUnknown("interrupted");
        }
    }

    /** experiment-service could not say; the request is answered 503, never guessed. */
    public static class AccessUnknown extends RuntimeException {
        public AccessUnknown(String message) {
            super(message);
        }
    }
}
