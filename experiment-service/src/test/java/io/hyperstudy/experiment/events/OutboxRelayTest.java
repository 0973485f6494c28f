package io.hyperstudy.experiment.events;

import io.hyperstudy.model.events.ExperimentCreated;
import io.hyperstudy.model.events.ExperimentDeleted;
import io.hyperstudy.model.events.Topics;
import io.hyperstudy.testinfra.FirestoreResource;
import io.hyperstudy.testinfra.KafkaBroker;
import io.hyperstudy.testinfra.KafkaEvents;
import io.hyperstudy.testinfra.KafkaResource;
import io.hyperstudy.testinfra.RedisResource;
import io.hyperstudy.testinfra.StaffTokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@WithTestResource(OidcWiremockTestResource.class)
@WithTestResource(FirestoreResource.class)
@WithTestResource(KafkaResource.class)
@WithTestResource(RedisResource.class)
class OutboxRelayTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void changesSucceedWhileTheBrokerIsDownAndTheirEventsArriveInOrderOnceItIsBack() {
        String token = StaffTokens.experimenter("erin");
        KafkaBroker.shared().stop();
        String first;
        String second;
        try {
            first = create(token, "During the outage 1");
            second = create(token, "During the outage 2");
            given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body("{\"title\":\"Renamed during the outage\"}")
                    .when().put("/api/experiments/" + first).then().statusCode(200).time(lessThan(5000L));
            given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"access\":\"viewer\"}")
                    .when().put("/api/experiments/" + first + "/collaborators/finn").then().statusCode(200);
            given().auth().oauth2(token).when().delete("/api/experiments/" + first).then().statusCode(204);
            given().auth().oauth2(token).when().get("/api/experiments/" + second).then().statusCode(200);
        } finally {
            KafkaBroker.shared().start();
        }
        KafkaEvents.await(bootstrap, Topics.EXPERIMENTS,
                r -> r.value().data() instanceof ExperimentDeleted d && d.experimentId().equals(first),
                Duration.ofSeconds(60));
        KafkaEvents.await(bootstrap, Topics.EXPERIMENTS,
                r -> r.value().data() instanceof ExperimentCreated c && c.experimentId().equals(second),
                Duration.ofSeconds(60));
        var events = KafkaEvents.collect(bootstrap, Topics.EXPERIMENTS,
                r -> first.equals(r.key()) || second.equals(r.key()), Duration.ofSeconds(3));
        assertEquals(5, events.stream().map(r -> r.value().id()).distinct().count(), "every event: " + events);
        // delivery is at least once (a publish the broker took just as the relay gave up on it is sent again);
        // consumers keep the first of each event id, and those come in the order of the changes
        var seen = new java.util.HashSet<String>();
        assertEquals(List.of("ExperimentCreated", "ExperimentUpdated", "ExperimentShared", "ExperimentDeleted"),
                events.stream().filter(r -> r.key().equals(first)).filter(r -> seen.add(r.value().id()))
                        .map(r -> r.value().data().getClass().getSimpleName()).toList(),
                "one experiment's events in the order of its changes");
    }

    private static String create(String token, String title) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"title\":\"" + title + "\"}")
                .when().post("/api/experiments")
                .then().statusCode(201).time(lessThan(5000L)).extract().path("id");
    }
}
