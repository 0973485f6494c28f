package io.hyperstudy.experiment.domain;

import io.hyperstudy.experiment.store.ExperimentStore;
import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.DomainEvent;
import io.hyperstudy.model.events.ExperimentCreated;
import io.hyperstudy.model.events.ExperimentDeleted;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class ExperimentService {
    static final int LIST_LIMIT = 500;
    static final String SOURCE = "/experiment-service";

    @Inject
    ExperimentStore store;

    @Inject
    Clock clock;

    public Experiment create(Caller caller, String title, String description) {
        Instant now = clock.instant();
        Experiment e = new Experiment(UUID.randomUUID().toString(), caller.id(), title, description, 1, now, now);
        store.create(e, event(new ExperimentCreated(e.id(), e.ownerId(), e.title())));
        return e;
    }

    private CloudEvent event(DomainEvent data) {
        return CloudEvent.of(SOURCE, data, clock.instant());
    }

    /** Empty both when the experiment does not exist and when the caller may not see it. */
    public Optional<Experiment> find(Caller caller, String id) {
        return store.find(id).filter(e -> e.visibleTo(caller));
    }

    public List<Experiment> list(Caller caller) {
        return caller.admin() ? store.listAll(LIST_LIMIT) : store.listOwnedBy(caller.id(), LIST_LIMIT);
    }

    public boolean delete(Caller caller, String id) {
        Optional<Experiment> e = find(caller, id);
        if (e.isEmpty()) {
            return false;
        }
        store.delete(id, event(new ExperimentDeleted(id, e.get().ownerId())));
        return true;
    }
}
