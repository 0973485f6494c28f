package io.hyperstudy.media.recordings;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;

/**
 * The same outage, outlasting the producer's delivery timeout: Kafka refuses the completion (the producer
 * gives up on it), the sweep hands it over again, and it is still published once when Kafka is back.
 */
@QuarkusTest
@TestProfile(RecordingEventsAfterProducerGaveUpTest.ShortDeliveryTimeout.class)
class RecordingEventsAfterProducerGaveUpTest extends RecordingEventsWithKafkaDownTest {

    public static class ShortDeliveryTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // max.block.ms too: a send that finds no metadata for the topic (Kafka stopped before the
            // producer's first record got out) waits that long before the producer gives up
            return Map.of("mp.messaging.outgoing.media-events.request.timeout.ms", "1000",
                    "mp.messaging.outgoing.media-events.delivery.timeout.ms", "2000",
                    "mp.messaging.outgoing.media-events.max.block.ms", "2000");
        }
    }

    @Override
    void outlast() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> given().when().get("/q/metrics").then().statusCode(200).extract().asString()
                        .contains("hyperstudy_recordings_events_total{outcome=\"refused\"}"));
    }
}
