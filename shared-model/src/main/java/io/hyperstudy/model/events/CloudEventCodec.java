package io.hyperstudy.model.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.time.Instant;

/** The one JSON form of {@link CloudEvent}, used by the Kafka serde and the outbox alike. */
public final class CloudEventCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // consumers must tolerate fields added by newer producers of the same major version
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private CloudEventCodec() {
    }

    public static byte[] encode(CloudEvent event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode event " + event.id(), e);
        }
    }

    /** Reads a structured-mode event; throws {@link MalformedEventException} when it is not one. */
    public static CloudEvent decode(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new MalformedEventException("not JSON");
        }
        if (!(root instanceof ObjectNode node)) {
            throw new MalformedEventException("not a JSON object");
        }
        String specversion = text(node, "specversion");
        if (!CloudEvent.SPEC_VERSION.equals(specversion)) {
            throw new MalformedEventException("unsupported specversion " + specversion);
        }
        String type = text(node, "type");
        DomainEvent data = null;
        var known = EventType.ofType(type);
        if (known.isPresent()) {
            try {
                data = MAPPER.treeToValue(node.get("data"), known.get().payload());
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw new MalformedEventException("bad data for " + type + ": " + e.getMessage());
            }
            if (data == null) {
                throw new MalformedEventException("missing data for " + type);
            }
        }
        Instant time = null;
        if (node.hasNonNull("time")) {
            try {
                time = Instant.parse(node.get("time").asText());
            } catch (RuntimeException e) {
                throw new MalformedEventException("bad time " + node.get("time"));
            }
        }
        return new CloudEvent(specversion, text(node, "id"), text(node, "source"), type,
                node.path("subject").asText(null), time, node.path("datacontenttype").asText(null), data);
    }

    private static String text(ObjectNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new MalformedEventException("missing attribute " + field);
        }
        return v.asText();
    }

    public static final class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message) {
            super(message);
        }
    }
}
