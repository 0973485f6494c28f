package io.hyperstudy.model.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;

/** Encodes and decodes sync frames, checking the protocol version and the message's direction. */
public final class SyncCodec {

    /** The protocol version this build speaks; a breaking change increments it. */
    public static final int VERSION = 2;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private SyncCodec() {
    }

    public static String encode(SyncMessage message) {
        ObjectNode node = MAPPER.valueToTree(message);
        ObjectNode out = MAPPER.createObjectNode();
        out.put("v", VERSION);
        out.setAll(node);
        try {
            return MAPPER.writeValueAsString(out);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Decodes a frame that a client sent; refuses frames only the server may send. */
    public static SyncMessage decodeFromClient(String frame, int maxBytes) {
        if (frame.length() > maxBytes || frame.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "frame exceeds " + maxBytes + " bytes");
        }
        SyncMessage message = decode(frame);
        if (!message.fromClient()) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "clients may not send " + typeOf(frame));
        }
        return message;
    }

    /** Decodes any frame (clients, the simulator and tests read server frames with this). */
    public static SyncMessage decode(String frame) {
        JsonNode root;
        try {
            root = MAPPER.readTree(frame);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ErrorCode.MALFORMED, "not JSON");
        }
        if (!(root instanceof ObjectNode node)) {
            throw new ProtocolException(ErrorCode.MALFORMED, "a frame is a JSON object");
        }
        JsonNode v = node.remove("v");
        if (v == null || !v.canConvertToInt()) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION, "missing protocol version v");
        }
        if (v.asInt() != VERSION) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_VERSION,
                    "protocol version " + v.asText() + " is not supported; this server speaks " + VERSION);
        }
        if (!node.path("type").isTextual()) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "missing type");
        }
        try {
            return MAPPER.treeToValue(node, SyncMessage.class);
        } catch (InvalidTypeIdException e) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unknown type " + node.get("type").asText());
        } catch (UnrecognizedPropertyException e) {
            throw new ProtocolException(ErrorCode.INVALID, "unknown field " + e.getPropertyName());
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ProtocolException(ErrorCode.INVALID, cause.getMessage());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ProtocolException(ErrorCode.INVALID, "invalid " + node.get("type").asText() + " frame");
        }
    }

    private static String typeOf(String frame) {
        try {
            return MAPPER.readTree(frame).path("type").asText();
        } catch (JsonProcessingException e) {
            return "?";
        }
    }
}
