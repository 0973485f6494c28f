package io.hyperstudy.media.events;

import io.hyperstudy.media.assets.AssetStorage;
import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.ExperimentDeleted;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Experiment events: a deleted experiment's assets are removed. Idempotent, so redelivery is harmless. */
@ApplicationScoped
public class ExperimentEventsConsumer {
    private static final Logger LOG = Logger.getLogger(ExperimentEventsConsumer.class);

    @Inject
    AssetStorage storage;

    @Incoming("experiment-events")
    @Blocking
    public void onEvent(CloudEvent event) {
        if (event == null) {
            LOG.warn("skipped a record that is not a CloudEvent");
            return;
        }
        if (event.data() instanceof ExperimentDeleted deleted) {
            storage.deleteExperiment(deleted.experimentId());
            LOG.infof("removed the assets of deleted experiment %s (event %s)", deleted.experimentId(), event.id());
        }
    }
}
