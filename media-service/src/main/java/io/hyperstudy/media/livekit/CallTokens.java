package io.hyperstudy.media.livekit;

import io.livekit.server.AccessToken;
import io.livekit.server.CanPublish;
import io.livekit.server.CanPublishData;
import io.livekit.server.CanPublishSources;
import io.livekit.server.CanSubscribe;
import io.livekit.server.Hidden;
import io.livekit.server.RoomJoin;
import io.livekit.server.RoomName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * LiveKit access tokens, one room each (LiveKit's room name is the HyperStudy room id), short-lived.
 * A participant joins as themselves, publishing only if their role may; staff join as hidden,
 * subscribe-only observers, invisible to participants.
 */
@ApplicationScoped
public class CallTokens {
    /** Staff join calls as hidden observers with identities of this form. */
    public static final String OBSERVER_PREFIX = "observer:";


    @Inject
    LiveKitConfig config;

    @Inject
    Clock clock;

    /** A token and when it stops admitting. */
    public record CallToken(String url, String token, Instant expiresAt) {
    }

    /** A participant's token: they may send what {@code sources} lists (LiveKit's {@code camera}, {@code microphone}). */
    public CallToken participant(String roomId, String participantId, String role, List<String> sources) {
        AccessToken token = base(participantId, role == null ? "participant" : role);
        token.setMetadata("{\"role\":\"" + (role == null ? "" : role.replace("\"", "")) + "\"}");
        token.addGrants(new RoomJoin(true), new RoomName(roomId), new CanSubscribe(true),
                new CanPublish(!sources.isEmpty()), new CanPublishData(true));
        if (!sources.isEmpty()) {
            token.addGrants(new CanPublishSources(List.copyOf(sources)));
        }
        return issue(token);
    }

    public CallToken observer(String roomId, String staffId) {
        AccessToken token = base(OBSERVER_PREFIX + staffId, "observer");
        token.addGrants(new RoomJoin(true), new RoomName(roomId), new CanSubscribe(true), new CanPublish(false),
                new CanPublishData(false), new Hidden(true));
        return issue(token);
    }

    private AccessToken base(String identity, String name) {
        AccessToken token = new AccessToken(config.apiKey(), config.apiSecret());
        token.setIdentity(identity);
        token.setName(name);
        return token;
    }

    private CallToken issue(AccessToken token) {
        Instant expires = clock.instant().plus(config.tokenTtl());
        token.setTtl(config.tokenTtl().toMillis());
        return new CallToken(config.url(), token.toJwt(), expires);
    }
}
