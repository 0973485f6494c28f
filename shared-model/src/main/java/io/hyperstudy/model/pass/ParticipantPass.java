package io.hyperstudy.model.pass;

import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What a participant pass says, and the names it says it under: the contract between experiment-service,
 * which signs passes, and the services that trust them. The participant is {@code sub}; the pass is for
 * one session ({@value #SESSION}) of one experiment ({@value #EXPERIMENT}, whose media the holder may
 * download) and, while they are in a room, that room ({@value #ROOM}), their experiment role ({@value #ROLE}),
 * whether that role may drive playback ({@value #HOST}) and what they may send in its calls ({@value #PUBLISH}:
 * LiveKit track sources, {@value #CAMERA} and/or {@value #MICROPHONE}; absent when they only listen and watch).
 * Every pass is in the {@value #GROUP} group and for the {@value #AUDIENCE} audience.
 */
public record ParticipantPass(String participantId, String sessionId, String experimentId, String roomId,
                              String role, boolean host, List<String> publishSources) {
    public static final String SESSION = "hs_session";
    public static final String EXPERIMENT = "hs_experiment";
    public static final String ROOM = "hs_room";
    public static final String ROLE = "hs_role";
    public static final String HOST = "hs_host";
    public static final String PUBLISH = "hs_publish";
    public static final String CAMERA = "camera";
    public static final String MICROPHONE = "microphone";
    /** The security role (JWT {@code groups}) every pass carries, and that no staff token does. */
    public static final String GROUP = "participant";
    public static final String AUDIENCE = "hyperstudy";
    /** The issuer passes carry unless configured otherwise. */
    public static final String DEFAULT_ISSUER = "urn:hyperstudy:participant-pass";

    public ParticipantPass {
        publishSources = publishSources == null ? List.of() : List.copyOf(publishSources);
    }

    /** The pass a verified token carries. */
    public static ParticipantPass of(JsonWebToken jwt) {
        Object host = jwt.getClaim(HOST);
        List<String> sources = new ArrayList<>();
        if (jwt.getClaim(PUBLISH) instanceof Collection<?> list) {
            for (Object o : list) {
                sources.add(o instanceof jakarta.json.JsonString text ? text.getString() : o.toString());
            }
        }
        return new ParticipantPass(jwt.getSubject(), text(jwt.getClaim(SESSION)), text(jwt.getClaim(EXPERIMENT)),
                text(jwt.getClaim(ROOM)), text(jwt.getClaim(ROLE)),
                host != null && Boolean.parseBoolean(host.toString()), sources);
    }

    /** This pass without its room: what a participant who is no longer in a room holds. */
    public ParticipantPass outOfRoom() {
        return new ParticipantPass(participantId, sessionId, experimentId, null, null, false, List.of());
    }

    private static String text(Object claim) {
        return claim == null ? null : claim instanceof jakarta.json.JsonString s ? s.getString() : claim.toString();
    }
}
