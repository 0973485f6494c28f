package io.hyperstudy.experiment.pass;

import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What a pass says: the participant ({@code sub}), their session ({@value #SESSION}) and its experiment
 * ({@value #EXPERIMENT}, whose media they may download) and, once matched,
 * their room ({@value #ROOM}), experiment role ({@value #ROLE}) and whether that role may drive
 * playback ({@value #HOST}) and what they may send in the experiment's calls ({@value #PUBLISH}: LiveKit's
 * track sources, {@value #CAMERA} and/or {@value #MICROPHONE}; absent when they may only listen and watch).
 * The claim names are the contract with sync-service and media-service.
 */
public record PassClaims(String participantId, String sessionId, String experimentId, String roomId, String role,
                         boolean host, List<String> publishSources) {
    public static final String SESSION = "hs_session";
    public static final String EXPERIMENT = "hs_experiment";
    public static final String ROOM = "hs_room";
    public static final String ROLE = "hs_role";
    public static final String HOST = "hs_host";
    public static final String PUBLISH = "hs_publish";
    public static final String CAMERA = "camera";
    public static final String MICROPHONE = "microphone";

    public PassClaims {
        publishSources = publishSources == null ? List.of() : List.copyOf(publishSources);
    }

    public static PassClaims of(JsonWebToken jwt) {
        Object host = jwt.getClaim(HOST);
        Object publish = jwt.getClaim(PUBLISH);
        List<String> sources = new ArrayList<>();
        if (publish instanceof Collection<?> list) {
            for (Object o : list) {
                sources.add(o instanceof JsonString text ? text.getString() : o.toString());
            }
        }
        return new PassClaims(jwt.getSubject(), jwt.getClaim(SESSION), jwt.getClaim(EXPERIMENT), jwt.getClaim(ROOM),
                jwt.getClaim(ROLE),
                host != null && Boolean.parseBoolean(host.toString()),
                sources);
    }
}
