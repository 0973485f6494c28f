package io.hyperstudy.experiment.store;

import io.hyperstudy.experiment.domain.Experiment;
import io.hyperstudy.experiment.domain.Version;
import io.hyperstudy.model.events.CloudEvent;

/**
 * What one transaction on an experiment writes: the experiment as it becomes (or its deletion), an
 * optional new version, and the event it raises; {@code result} is handed back to the caller.
 * {@link #unchanged} writes nothing, for a request that finds its work already done.
 */
public record ExperimentChange<T>(Experiment updated, boolean delete, Version newVersion, CloudEvent event, T result) {

    public static <T> ExperimentChange<T> update(Experiment updated, CloudEvent event, T result) {
        return new ExperimentChange<>(updated, false, null, event, result);
    }

    public static <T> ExperimentChange<T> publish(Experiment updated, Version version, CloudEvent event, T result) {
        return new ExperimentChange<>(updated, false, version, event, result);
    }

    public static <T> ExperimentChange<T> delete(CloudEvent event, T result) {
        return new ExperimentChange<>(null, true, null, event, result);
    }

    public static <T> ExperimentChange<T> unchanged(T result) {
        return new ExperimentChange<>(null, false, null, null, result);
    }
}
