package io.hyperstudy.model.live;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.CloudEventCodec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The live path between experiment-service and sync-service, over Redis: one pub/sub channel every sync pod
 * listens on, each message a {@link Message} (a room's new state, or a chat message); the latest state of
 * each room kept under {@link #roomKey}, written only if newer, so a pod that missed a message (or a socket
 * that connects later) reads it there; and each room's chat history, capped, under {@link #chatKey}.
 */
public final class LiveChannel {
    public static final String CHANNEL = "hs:live";
    /**
     * Who is in a room, as a sorted set: members {@code roomId/participantId}, scored by when they were last
     * seen (epoch ms). experiment-service adds them when a room forms and on each heartbeat, and hands those
     * whose score grows too old to the room's dropout policy (removing them); sync-service raises the score of
     * every participant whose socket is open (only of members still there: a participant counted as gone
     * comes back by a heartbeat).
     */
    public static final String ROOM_PRESENCE = "hs:seen:rooms";
    /** Chat messages kept per room for members who reconnect. */
    public static final int CHAT_HISTORY = 500;
    /**
     * Sets KEYS[1] to ARGV[2] only if the stored room's seq (kept in KEYS[1]'s companion field) is older than
     * ARGV[1]; answers 1 when written. The value expires after ARGV[3] ms (a day: rooms end).
     */
    public static final String SET_IF_NEWER = """
            local seq = redis.call('HGET', KEYS[1], 'seq')
            if seq and tonumber(seq) >= tonumber(ARGV[1]) then return 0 end
            redis.call('HSET', KEYS[1], 'seq', ARGV[1], 'room', ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1""";

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            // a room's events travel in the one JSON form of CloudEvents, whatever their data type
            .registerModule(new SimpleModule().addSerializer(CloudEvent.class, new JsonSerializer<>() {
                @Override
                public void serialize(CloudEvent event, JsonGenerator gen, SerializerProvider provider)
                        throws IOException {
                    gen.writeRawValue(new String(CloudEventCodec.encode(event), StandardCharsets.UTF_8));
                }
            }).addDeserializer(CloudEvent.class, new JsonDeserializer<>() {
                @Override
                public CloudEvent deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                    JsonNode node = parser.readValueAsTree();
                    return CloudEventCodec.decode(node.toString().getBytes(StandardCharsets.UTF_8));
                }
            }))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private LiveChannel() {
    }

    /** One message on the channel: exactly one of the two is set. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Message(LiveRoom room, LiveChat chat) {
        public String roomId() {
            return room != null ? room.roomId() : chat.roomId();
        }
    }

    public static String roomKey(String roomId) {
        return "hs:live:room:" + roomId;
    }

    public static String chatKey(String roomId) {
        return "hs:live:chat:" + roomId;
    }

    public static String encode(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    public static <T> T decode(String text, Class<T> type) {
        try {
            return JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
