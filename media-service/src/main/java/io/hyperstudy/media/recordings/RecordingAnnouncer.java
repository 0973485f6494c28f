package io.hyperstudy.media.recordings;

import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.DomainEvent;
import io.hyperstudy.model.events.EventType;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Publishes RecordingStarted and RecordingCompleted once the catalogue holds what they say, then marks
 * them published. A publish Kafka does not acknowledge stays pending in the catalogue and is retried by
 * the sweep, so an outage of Kafka delays these events but loses none. Each event's id is derived from
 * its recording, so a repeat (two replicas sweeping at once) can be recognised by consumers.
 */
@ApplicationScoped
public class RecordingAnnouncer {
    private static final Logger LOG = Logger.getLogger(RecordingAnnouncer.class);
    static final String SOURCE = "/media-service";
    private static final Duration ACK_WAIT = Duration.ofSeconds(10);

    @Inject
    RecordingCatalogue catalogue;

    @Inject
    @Channel("media-events")
    MutinyEmitter<CloudEvent> emitter;

    @Inject
    Clock clock;

    /** One at a time, in the order asked, off the caller's thread (a webhook is answered without waiting for Kafka). */
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "recording-announcer");
        t.setDaemon(true);
        return t;
    });

    /** Publishes what is due for this recording soon, on the announcer's own thread. */
    public void announceSoon(String recordingId) {
        worker.execute(() -> announce(recordingId));
    }

    @PreDestroy
    void stop() {
        worker.shutdown();
    }

    /** Publishes what is due for this recording; false when Kafka did not take it (it stays pending). */
    public synchronized boolean announce(String recordingId) {
        Recording r = catalogue.get(recordingId).orElse(null);
        if (r == null) {
            return true;
        }
        try {
            // a start is always published before the end, so consumers see them in order
            if (r.startDue()) {
                publish(r.id() + "/started", r.startedEvent());
                r = catalogue.change(r.id(), x -> x.announced(true, false)).orElseThrow();
            }
            if (r.endDue()) {
                publish(r.id() + "/completed", r.completedEvent());
                catalogue.change(r.id(), x -> x.announced(false, true));
            }
            return true;
        } catch (RuntimeException e) {
            LOG.warnf("recording %s: event not published yet (%s); the sweep will try again", recordingId, e.getMessage());
            return false;
        }
    }

    @Scheduled(every = "${hyperstudy.recordings.sweep:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "5s")
    void sweep() {
        try {
            for (Recording r : catalogue.pendingAnnouncement(100)) {
                if (!announce(r.id())) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("recording events sweep failed: %s", e.getMessage());
        }
    }

    private void publish(String eventId, DomainEvent data) {
        var event = new CloudEvent(CloudEvent.SPEC_VERSION, eventId, SOURCE, EventType.of(data).type(),
                data.aggregateId(), clock.instant(), CloudEvent.JSON, data);
        var metadata = OutgoingKafkaRecordMetadata.<String>builder().withTopic(event.topic()).withKey(event.key()).build();
        emitter.sendMessage(Message.of(event).addMetadata(metadata)).await().atMost(ACK_WAIT);
    }
}
