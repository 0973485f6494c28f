package io.hyperstudy.model.events;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/** Kafka value deserializer for {@link CloudEvent}; a malformed record fails with a SerializationException. */
public class CloudEventDeserializer implements Deserializer<CloudEvent> {
    @Override
    public CloudEvent deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return CloudEventCodec.decode(data);
        } catch (CloudEventCodec.MalformedEventException e) {
            throw new SerializationException("malformed CloudEvent on " + topic + ": " + e.getMessage(), e);
        }
    }
}
