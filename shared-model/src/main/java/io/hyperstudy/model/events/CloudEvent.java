package io.hyperstudy.model.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A CloudEvents 1.0 envelope in structured JSON mode. {@code data} is {@code null} when the
 * {@code type} is one this build does not know (a newer producer): consumers skip such events.
 */
@RegisterForReflection
public record CloudEvent(
        String specversion,
        String id,
        String source,
        String type,
        String subject,
        Instant time,
        String datacontenttype,
        DomainEvent data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String JSON = "application/json";
    /** The Kafka {@code content-type} header of a structured-mode event (CloudEvents Kafka binding). */
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
    }

    /** A new event from {@code source} (e.g. {@code /experiment-service}) raised at {@code time}. */
    public static CloudEvent of(String source, DomainEvent data, Instant time) {
        return new CloudEvent(SPEC_VERSION, UUID.randomUUID().toString(), source, EventType.of(data).type(),
                data.aggregateId(), time, JSON, data);
    }

    public String topic() {
        return EventType.of(data).topic();
    }

    /** The Kafka record key: the aggregate id, so one aggregate's events stay in one partition, in order. */
    public String key() {
        return subject;
    }
}
