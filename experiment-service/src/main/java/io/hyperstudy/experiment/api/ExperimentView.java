package io.hyperstudy.experiment.api;

import io.hyperstudy.experiment.domain.Experiment;

import java.time.Instant;

/** An experiment as the REST API shows it. */
public record ExperimentView(String id, String ownerId, String title, String description, long revision,
                             Instant createdAt, Instant updatedAt) {

    static ExperimentView of(Experiment e) {
        return new ExperimentView(e.id(), e.ownerId(), e.title(), e.description(), e.revision(), e.createdAt(),
                e.updatedAt());
    }
}
