package io.hyperstudy.experiment.domain;

import java.time.Instant;

/** An experiment as the service reasons about it; stored by {@code ExperimentStore}, shown as {@code ExperimentView}. */
public record Experiment(String id, String ownerId, String title, String description, long revision,
                         Instant createdAt, Instant updatedAt) {

    public boolean visibleTo(Caller caller) {
        return caller.admin() || ownerId.equals(caller.id());
    }
}
