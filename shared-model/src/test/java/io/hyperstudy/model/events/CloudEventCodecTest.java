package io.hyperstudy.model.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CloudEventCodecTest {

    @Test
    void aStructuredEventRoundTripsWithItsRequiredAttributes() throws Exception {
        var event = CloudEvent.of("/experiment-service", new RoomStateChanged("room-1", "s", "e", 2, "film",
                1_700_000_000_000L, "m1", 0.0, RoomStateChanged.ENTER, 1, false, RoomStateChanged.RECORD_COMPOSITE), Instant.parse("2026-11-25T10:15:30.123456Z"));
        byte[] json = CloudEventCodec.encode(event);
        var tree = new ObjectMapper().readTree(json);
        assertEquals("1.0", tree.get("specversion").asText());
        assertEquals("io.hyperstudy.room.state-changed.v1", tree.get("type").asText());
        assertEquals("2026-11-25T10:15:30.123456Z", tree.get("time").asText(), "RFC 3339 time");
        assertEquals("room-1", tree.get("subject").asText());
        assertEquals(event, CloudEventCodec.decode(json));
        assertEquals(Topics.SESSIONS, event.topic());
        assertEquals("room-1", event.key());
    }

    @Test
    void theSerializerMarksRecordsAsStructuredCloudEvents() {
        var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        var event = CloudEvent.of("/x", new ExperimentDeleted("e1", "o"), Instant.now());
        byte[] value = new CloudEventSerializer().serialize("t", headers, event);
        assertEquals(event, new CloudEventDeserializer().deserialize("t", value));
        assertEquals("application/cloudevents+json; charset=UTF-8",
                new String(headers.lastHeader("content-type").value(), StandardCharsets.UTF_8));
        assertEquals(1, headers.toArray().length);
    }

    @Test
    void anUnknownTypeDecodesWithoutDataSoConsumersCanSkipIt() {
        var event = CloudEventCodec.decode(("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/x\","
                + "\"type\":\"io.hyperstudy.future.v9\",\"data\":{\"a\":1}}").getBytes(StandardCharsets.UTF_8));
        assertNull(event.data());
        assertEquals("io.hyperstudy.future.v9", event.type());
    }

    @Test
    void malformedEventsAreRefused() {
        for (String bad : new String[] {"nope", "[]", "{\"specversion\":\"0.3\",\"id\":\"1\",\"source\":\"/x\",\"type\":\"t\"}",
                "{\"specversion\":\"1.0\",\"source\":\"/x\",\"type\":\"t\"}",
                "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/x\",\"type\":\"io.hyperstudy.experiment.deleted.v1\"}",
                "{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/x\",\"type\":\"t\",\"time\":\"yesterday\"}"}) {
            assertThrows(CloudEventCodec.MalformedEventException.class,
                    () -> CloudEventCodec.decode(bad.getBytes(StandardCharsets.UTF_8)), bad);
        }
    }
}
