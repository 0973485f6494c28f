package io.hyperstudy.sync.packaged;

import io.hyperstudy.model.sync.Hello;
import io.hyperstudy.model.sync.SyncCodec;
import io.hyperstudy.model.sync.Timeline;
import io.hyperstudy.testinfra.KafkaResource;
import io.hyperstudy.testinfra.RedisResource;
import io.hyperstudy.testinfra.StaffTokens;
import io.hyperstudy.testinfra.WebSocketProbe;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * The packaged sync-service, run as its own process: the JVM build here (quarkus-run.jar), the native
 * executable where GraalVM/Mandrel built one (mvn -Dnative -pl sync-service -am verify), so that what native
 * compilation leaves out (reflection on the wire records, resources) shows up as a failing test. Started on
 * real Redis and Kafka, it refuses a socket without a token and greets a staff socket with the room's hello
 * and timeline (its lease claimed and its snapshot read in Redis).
 */
@QuarkusIntegrationTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(RedisResource.class)
@WithTestResource(KafkaResource.class)
class PackagedSyncServiceIT {
    static final Duration WAIT = Duration.ofSeconds(10);

    @TestHTTPResource("/")
    URI base;

    @Test
    void thePackagedServiceServesARoom() {
        URI room = URI.create(base.toString().replaceFirst("^http", "ws") + "ws/rooms/packaged-" + UUID.randomUUID());
        assertEquals(401, WebSocketProbe.refusedStatus(room, Map.of()));
        try (var ws = WebSocketProbe.open(room, Map.of("Authorization", "Bearer " + StaffTokens.token("pia", "admin")))) {
            assertInstanceOf(Hello.class, SyncCodec.decode(ws.next(WAIT)));
            assertInstanceOf(Timeline.class, SyncCodec.decode(ws.next(WAIT)));
        }
    }
}
