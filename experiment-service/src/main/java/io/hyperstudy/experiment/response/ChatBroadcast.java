package io.hyperstudy.experiment.response;

import io.hyperstudy.model.live.LiveChannel;
import io.hyperstudy.model.live.LiveChat;
import io.quarkus.redis.datasource.RedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Chat messages, once stored, on the live path: appended to the room's capped history (for members who
 * reconnect) and published to every sync-service pod, which hands them to the room's sockets. Called only for
 * messages the transaction stored (not for a sender's retries), so each goes out once. Firestore stays the
 * record (exports); if Redis fails here the message is stored but not shown live, which is logged.
 */
@ApplicationScoped
public class ChatBroadcast {
    private static final Logger LOG = Logger.getLogger(ChatBroadcast.class);
    /** History outlives its room by the same margin as the room's live state. */
    private static final long KEEP_MS = 24 * 3600 * 1000L;

    @Inject
    RedisDataSource redis;

    public void published(LiveChat chat) {
        String key = LiveChannel.chatKey(chat.roomId());
        try {
            redis.withTransaction(tx -> {
                tx.list(String.class).rpush(key, LiveChannel.encode(chat));
                tx.list(String.class).ltrim(key, -LiveChannel.CHAT_HISTORY, -1);
                tx.key().pexpire(key, KEEP_MS);
            });
            redis.execute("PUBLISH", LiveChannel.CHANNEL, LiveChannel.encode(new LiveChannel.Message(null, chat)));
        } catch (RuntimeException e) {
            LOG.warnf("room %s: chat message %s stored but not delivered live: %s", chat.roomId(), chat.messageId(),
                    e.toString());
        }
    }
}
