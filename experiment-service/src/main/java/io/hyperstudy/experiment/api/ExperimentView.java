package io.hyperstudy.experiment.api;

import io.hyperstudy.experiment.definition.Definition;
import io.hyperstudy.experiment.domain.Access;
import io.hyperstudy.experiment.domain.ExperimentService.Visible;

import java.time.Instant;
import java.util.Map;

/** An experiment as the REST API shows it, with the caller's own {@code access}. */
public record ExperimentView(String id, String ownerId, String title, String description, Definition definition,
                             Map<String, Access> collaborators, Access access, long revision, int latestVersion,
                             String duplicatedFrom, Instant createdAt, Instant updatedAt) {

    static ExperimentView of(Visible v) {
        var e = v.experiment();
        return new ExperimentView(e.id(), e.ownerId(), e.title(), e.description(), e.definition(),
                e.collaborators(), v.access(), e.revision(), e.latestVersion(), e.duplicatedFrom(), e.createdAt(),
                e.updatedAt());
    }
}
