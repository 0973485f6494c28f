package io.hyperstudy.experiment.domain;

import io.hyperstudy.experiment.definition.Component;
import io.hyperstudy.experiment.definition.Definition;
import io.hyperstudy.experiment.definition.DefinitionValidator;
import io.hyperstudy.experiment.platform.Events;
import io.hyperstudy.experiment.platform.RequestRefused;
import io.hyperstudy.experiment.store.ExperimentChange;
import io.hyperstudy.experiment.store.ExperimentStore;
import io.hyperstudy.model.api.Problem.FieldError;
import io.hyperstudy.model.events.CloudEvent;
import io.hyperstudy.model.events.DomainEvent;
import io.hyperstudy.model.events.ExperimentCreated;
import io.hyperstudy.model.events.ExperimentDeleted;
import io.hyperstudy.model.events.ExperimentPublished;
import io.hyperstudy.model.events.ExperimentShared;
import io.hyperstudy.model.events.ExperimentUpdated;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The rules of experiments: who may do what, drafts and their revisions, publishing immutable
 * versions, copying and sharing. Every change is one store transaction together with its event.
 * An experiment the caller has no access to is reported as not existing, never as forbidden.
 */
@ApplicationScoped
public class ExperimentService {
    static final int LIST_LIMIT = 500;
    static final int MAX_COLLABORATORS = 50;

    @Inject
    ExperimentStore store;

    @Inject
    Clock clock;

    public Experiment create(Caller caller, String title, String description, Definition definition) {
        Definition d = definition == null ? Definition.empty() : definition;
        requireValidDraft(d);
        Instant now = clock.instant();
        Experiment e = new Experiment(UUID.randomUUID().toString(), caller.id(), title, description, d, Map.of(),
                1, 0, 0, null, now, now);
        store.create(e, event(new ExperimentCreated(e.id(), e.ownerId(), e.title(), null)));
        return e;
    }

    /** The experiment and the caller's access to it; empty when it does not exist or is invisible to them. */
    public Optional<Visible> find(Caller caller, String id) {
        return store.find(id).flatMap(e -> e.accessOf(caller).map(a -> new Visible(e, a)));
    }

    public List<Visible> list(Caller caller) {
        List<Experiment> found = caller.admin() ? store.listAll(LIST_LIMIT) : store.listVisibleTo(caller, LIST_LIMIT);
        return found.stream().flatMap(e -> e.accessOf(caller).map(a -> new Visible(e, a)).stream()).toList();
    }

    /**
     * Replaces the draft. {@code expectedRevision}, when given, must be the current revision, so two
     * editors cannot overwrite each other unknowingly.
     */
    public Experiment edit(Caller caller, String id, OptionalLong expectedRevision, String title, String description,
                           Definition definition) {
        Definition d = definition == null ? Definition.empty() : definition;
        requireValidDraft(d);
        return store.change(id, current -> {
            Experiment e = require(caller, id, current, Access.EDITOR);
            if (expectedRevision.isPresent() && expectedRevision.getAsLong() != e.revision()) {
                throw RequestRefused.preconditionFailed("the experiment changed since you read it; it is now at revision "
                        + e.revision());
            }
            Experiment edited = e.edited(title, description, d, clock.instant());
            return ExperimentChange.update(edited, event(new ExperimentUpdated(id, e.ownerId(), title, edited.revision())),
                    edited);
        });
    }

    /**
     * Freezes the current draft as the next version. Publishing a draft that is already the latest
     * version returns that version instead of a copy, so a retried request does not multiply versions.
     */
    public Version publish(Caller caller, String id) {
        Version published = store.change(id, current -> {
            Experiment e = require(caller, id, current, Access.EDITOR);
            if (e.latestVersion() > 0 && e.publishedRevision() == e.revision()) {
                return ExperimentChange.<Version>unchanged(null);
            }
            var errors = DefinitionValidator.publishable(e.definition(), "definition");
            if (!errors.isEmpty()) {
                throw RequestRefused.invalid("the draft cannot be published as it is", errors);
            }
            Instant now = clock.instant();
            Version v = new Version(id, e.latestVersion() + 1, e.revision(), e.title(), e.definition(), caller.id(), now);
            return ExperimentChange.publish(e.published(v.version(), now), v,
                    event(new ExperimentPublished(id, e.ownerId(), v.version(), v.revision(), mediaIds(v.definition()))), v);
        });
        if (published != null) {
            return published;
        }
        Experiment e = visible(caller, id).experiment();
        return store.findVersion(id, e.latestVersion())
                .orElseThrow(() -> new IllegalStateException("version " + e.latestVersion() + " of " + id + " is missing"));
    }

    public List<Version> versions(Caller caller, String id) {
        visible(caller, id);
        return store.listVersions(id);
    }

    public Version version(Caller caller, String id, int version) {
        visible(caller, id);
        return store.findVersion(id, version).orElseThrow(() -> RequestRefused.notFound("version " + version
                + " of experiment " + id));
    }

    /** A new experiment owned by the caller with a copy of the draft; not its versions, not its sharing. */
    public Experiment duplicate(Caller caller, String id) {
        Experiment source = visible(caller, id).experiment();
        Instant now = clock.instant();
        String title = source.title().length() > 190 ? source.title().substring(0, 190) : source.title();
        Experiment copy = new Experiment(UUID.randomUUID().toString(), caller.id(), title + " (copy)",
                source.description(), source.definition(), Map.of(), 1, 0, 0, source.id(), now, now);
        store.create(copy, event(new ExperimentCreated(copy.id(), copy.ownerId(), copy.title(), source.id())));
        return copy;
    }

    /** Grants {@code userId} viewer or editor access, or revokes it when {@code access} is empty. Owner or admin. */
    public Experiment share(Caller caller, String id, String userId, Optional<Access> access) {
        if (access.isPresent() && access.get() == Access.OWNER) {
            throw RequestRefused.invalid("an experiment has one owner",
                    List.of(new FieldError("access", "must be viewer or editor")));
        }
        return store.change(id, current -> {
            Experiment e = require(caller, id, current, Access.OWNER);
            if (userId.equals(e.ownerId())) {
                throw RequestRefused.conflict("the owner's access cannot be changed");
            }
            Map<String, Access> collaborators = new HashMap<>(e.collaborators());
            Access before = access.isPresent() ? collaborators.put(userId, access.get()) : collaborators.remove(userId);
            if (Objects.equals(before, access.orElse(null))) {
                return ExperimentChange.unchanged(e);
            }
            if (collaborators.size() > MAX_COLLABORATORS) {
                throw RequestRefused.conflict("an experiment can be shared with at most " + MAX_COLLABORATORS + " people");
            }
            Experiment shared = e.shared(collaborators, clock.instant());
            return ExperimentChange.update(shared, event(new ExperimentShared(id, e.ownerId(), userId,
                    access.map(Access::wireName).orElse(null))), shared);
        });
    }

    /** Deletes an experiment that no session has run; one with sessions keeps its data (409). */
    public void delete(Caller caller, String id) {
        Visible v = visible(caller, id);
        if (v.access().allows(Access.OWNER) && store.hasSessions(id)) {
            throw RequestRefused.conflict("the experiment has sessions, whose data depends on it; it cannot be deleted");
        }
        store.change(id, current -> {
            Experiment e = require(caller, id, current, Access.OWNER);
            return ExperimentChange.delete(event(new ExperimentDeleted(id, e.ownerId())), null);
        });
    }

    private Visible visible(Caller caller, String id) {
        return find(caller, id).orElseThrow(() -> RequestRefused.notFound("experiment " + id));
    }

    private static Experiment require(Caller caller, String id, Optional<Experiment> current, Access needed) {
        Experiment e = current.orElseThrow(() -> RequestRefused.notFound("experiment " + id));
        Access has = e.accessOf(caller).orElseThrow(() -> RequestRefused.notFound("experiment " + id));
        if (!has.allows(needed)) {
            throw RequestRefused.forbidden("this needs " + needed.wireName() + " access; you have "
                    + has.wireName() + " access");
        }
        return e;
    }

    private static void requireValidDraft(Definition d) {
        var errors = DefinitionValidator.draft(d, "definition");
        if (!errors.isEmpty()) {
            throw RequestRefused.invalid("the definition is invalid", errors);
        }
    }

    private static List<String> mediaIds(Definition d) {
        return d.statesOrEmpty().stream()
                .flatMap(s -> s.components().stream())
                .flatMap(c -> {
                    if (c instanceof Component.Video v) {
                        return Stream.of(v.mediaId());
                    }
                    return c instanceof Component.Image i ? Stream.of(i.mediaId()) : Stream.empty();
                })
                .distinct().toList();
    }

    private CloudEvent event(DomainEvent data) {
        return Events.of(data, clock.instant());
    }

    /** An experiment together with what the caller may do with it. */
    public record Visible(Experiment experiment, Access access) {
    }
}
