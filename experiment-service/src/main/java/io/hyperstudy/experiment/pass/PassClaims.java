package io.hyperstudy.experiment.pass;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * What a pass says: the participant ({@code sub}), their session ({@value #SESSION}) and its experiment
 * ({@value #EXPERIMENT}, whose media they may download) and, once matched,
 * their room ({@value #ROOM}), experiment role ({@value #ROLE}) and whether that role may drive
 * playback ({@value #HOST}) and speak and be seen in the experiment's calls ({@value #PUBLISH}). The claim
 * names are the contract with sync-service and media-service.
 */
public record PassClaims(String participantId, String sessionId, String experimentId, String roomId, String role,
                         boolean host, boolean publish) {
    public static final String SESSION = "hs_session";
    public static final String EXPERIMENT = "hs_experiment";
    public static final String ROOM = "hs_room";
    public static final String ROLE = "hs_role";
    public static final String HOST = "hs_host";
    public static final String PUBLISH = "hs_publish";

    public static PassClaims of(JsonWebToken jwt) {
        Object host = jwt.getClaim(HOST);
        Object publish = jwt.getClaim(PUBLISH);
        return new PassClaims(jwt.getSubject(), jwt.getClaim(SESSION), jwt.getClaim(EXPERIMENT), jwt.getClaim(ROOM),
                jwt.getClaim(ROLE),
                host != null && Boolean.parseBoolean(host.toString()),
                publish != null && Boolean.parseBoolean(publish.toString()));
    }
}
