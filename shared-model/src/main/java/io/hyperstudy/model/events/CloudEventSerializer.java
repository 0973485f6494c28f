package io.hyperstudy.model.events;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.charset.StandardCharsets;

/**
 * Kafka value serializer for {@link CloudEvent}, structured JSON mode. It also sets the record's
 * {@code content-type} header, as the CloudEvents Kafka binding asks, so no producer has to.
 */
public class CloudEventSerializer implements Serializer<CloudEvent> {
    private static final byte[] CONTENT_TYPE = CloudEvent.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8);

    @Override
    public byte[] serialize(String topic, CloudEvent event) {
        return event == null ? null : CloudEventCodec.encode(event);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, CloudEvent event) {
        if (event != null && headers != null) {
            headers.remove("content-type");
            headers.add("content-type", CONTENT_TYPE);
        }
        return serialize(topic, event);
    }
}
