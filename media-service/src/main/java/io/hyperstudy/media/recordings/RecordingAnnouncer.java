package io.hyperstudy.media.recordings;

import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.DomainEvent;
import io.hyperstudy.model.events.EventType;
import io.hyperstudy.model.events.RecordingCompleted;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Publishes RecordingStarted and RecordingCompleted once the catalogue holds what they say, and marks
 * them published when Kafka acknowledges them. While Kafka is down an event stays pending in the
 * catalogue (and in the producer's buffer, which is not sent twice); if the producer gives up, the sweep
 * sends it again, so an outage delays these events but loses none. Each event's id is derived from its
 * recording, so a repeat (two replicas sweeping at once) can be recognised by consumers.
 */
@ApplicationScoped
public class RecordingAnnouncer {
    private static final Logger LOG = Logger.getLogger(RecordingAnnouncer.class);
    static final String SOURCE = "/media-service";
    /** Recording events by what Kafka made of them: a rising "refused" count means events are waiting for it. */
    static final String EVENTS = "hyperstudy.recordings.events";

    @Inject
    RecordingCatalogue catalogue;

    @Inject
    @Channel("media-events")
    MutinyEmitter<CloudEvent> emitter;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry metrics;

    /** Events handed to the producer and not yet acknowledged or refused, by event id. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    /**
     * Catalogue updates and announcements, one at a time, off the callers' threads (Kafka's, a webhook's, the
     * sweep's): reading what is due and marking what was published never interleave.
     */
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "recording-announcer");
        t.setDaemon(true);
        return t;
    });

    /** Publishes what is due for this recording soon. */
    public void announceSoon(String recordingId) {
        worker.execute(() -> announce(recordingId));
    }

    @PreDestroy
    void stop() {
        worker.shutdown();
    }

    /** Hands what is due for this recording to Kafka; the start always before the end (one partition, in order). */
    synchronized void announce(String recordingId) {
        try {
            Recording r = catalogue.get(recordingId).orElse(null);
            if (r == null) {
                return;
            }
            if (r.startDue()) {
                publish(r.id(), "/started", r.startedEvent(), true);
            }
            if (r.endDue()) {
                publish(r.id(), "/completed", r.completedEvent(), false);
            }
        } catch (RuntimeException e) {
            LOG.warnf("recording %s: events not handed to Kafka yet (%s); the sweep will try again", recordingId, e.getMessage());
        }
    }

    @Scheduled(every = "${hyperstudy.recordings.sweep:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "5s")
    void sweep() {
        try {
            for (Recording r : catalogue.pendingAnnouncement(100)) {
                // on the worker, like every announcement and every mark: a sweep that read the catalogue just
                // before an acknowledged event was marked would otherwise publish it a second time
                announceSoon(r.id());
            }
        } catch (RuntimeException e) {
            LOG.warnf("recording events sweep failed: %s", e.getMessage());
        }
    }

    private void publish(String recordingId, String suffix, DomainEvent data, boolean start) {
        String eventId = recordingId + suffix;
        if (!inFlight.add(eventId)) {
            return;
        }
        var event = new CloudEvent(CloudEvent.SPEC_VERSION, eventId, SOURCE, EventType.of(data).type(),
                data.aggregateId(), clock.instant(), CloudEvent.JSON, data);
        var metadata = OutgoingKafkaRecordMetadata.<String>builder().withTopic(event.topic()).withKey(event.key()).build();
        try {
            send(recordingId, suffix, data, start, eventId, event, metadata);
        } catch (RuntimeException e) {
            // not handed over at all: nothing is in flight, so the sweep may try again
            inFlight.remove(eventId);
            throw e;
        }
    }

    private void send(String recordingId, String suffix, DomainEvent data, boolean start, String eventId, CloudEvent event,
                      OutgoingKafkaRecordMetadata<String> metadata) {
        emitter.sendMessageAndForget(Message.of(event).addMetadata(metadata)
                .withAck(() -> {
                    metrics.counter(EVENTS, "outcome", "published").increment();
                    worker.execute(() -> {
                        try {
                            catalogue.change(recordingId, x -> x.announced(start, !start));
                            if (!start && data instanceof RecordingCompleted completed) {
                                // once per recording: how recordings end, for the platform team's dashboards
                                metrics.counter("hyperstudy.recordings.ended", "status", completed.status()).increment();
                            }
                        } catch (RuntimeException e) {
                            // published but not marked: the sweep publishes it once more, with the same id
                            LOG.warnf("recording %s: %s published, not marked (%s)", recordingId, suffix, e.getMessage());
                        } finally {
                            inFlight.remove(eventId);
                        }
                    });
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(failure -> {
                    metrics.counter(EVENTS, "outcome", "refused").increment();
                    LOG.warnf("recording %s: %s not published (%s); the sweep will try again", recordingId, suffix,
                            failure.getMessage());
                    inFlight.remove(eventId);
                    return CompletableFuture.completedFuture(null);
                }));
    }
}
