package io.hyperstudy.experiment.platform;

import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.DomainEvent;

import java.time.Instant;

/** Wraps this service's domain events in CloudEvents with its source. */
public final class Events {
    public static final String SOURCE = "/experiment-service";

    private Events() {
    }

    public static CloudEvent of(DomainEvent data, Instant at) {
        return CloudEvent.of(SOURCE, data, at);
    }
}
