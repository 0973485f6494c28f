package io.hyperstudy.model.events;

import org.apache.kafka.common.serialization.Serializer;

/** Kafka value serializer for {@link CloudEvent}, structured JSON mode. */
public class CloudEventSerializer implements Serializer<CloudEvent> {
    @Override
    public byte[] serialize(String topic, CloudEvent event) {
        return event == null ? null : CloudEventCodec.encode(event);
    }
}
