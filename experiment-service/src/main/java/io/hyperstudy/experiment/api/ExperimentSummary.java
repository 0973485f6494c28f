package io.hyperstudy.experiment.api;

import io.hyperstudy.experiment.domain.Access;
import io.hyperstudy.experiment.domain.ExperimentService.Visible;

import java.time.Instant;

/** One row of the experiment list: enough to show and open it, without its definition. */
public record ExperimentSummary(String id, String ownerId, String title, Access access, long revision,
                                int latestVersion, int states, Instant updatedAt) {

    static ExperimentSummary of(Visible v) {
        var e = v.experiment();
        return new ExperimentSummary(e.id(), e.ownerId(), e.title(), v.access(), e.revision(), e.latestVersion(),
                e.definition().statesOrEmpty().size(), e.updatedAt());
    }
}
