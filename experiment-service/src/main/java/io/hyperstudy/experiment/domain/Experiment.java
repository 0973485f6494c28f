package io.hyperstudy.experiment.domain;

import io.hyperstudy.experiment.definition.Definition;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * An experiment: its editable draft ({@code definition} at {@code revision}), who it is shared with,
 * and the number of its latest published version (0 when never published) with the draft revision it froze.
 */
public record Experiment(String id, String ownerId, String title, String description, Definition definition,
                         Map<String, Access> collaborators, long revision, int latestVersion, long publishedRevision,
                         String duplicatedFrom, Instant createdAt, Instant updatedAt) {

    public Experiment {
        collaborators = Map.copyOf(collaborators);
    }

    /**
     * The caller's access, or empty when the caller may not even know the experiment exists. A collaborator is
     * named by account id or by e-mail address (matched with the address their provider verified).
     */
    public Optional<Access> accessOf(Caller caller) {
        if (caller.admin() || ownerId.equals(caller.id())) {
            return Optional.of(Access.OWNER);
        }
        Access byId = collaborators.get(caller.id());
        if (byId != null || caller.email() == null) {
            return Optional.ofNullable(byId);
        }
        return Optional.ofNullable(collaborators.get(caller.email()));
    }

    public Experiment edited(String title, String description, Definition definition, Instant at) {
        return new Experiment(id, ownerId, title, description, definition, collaborators, revision + 1,
                latestVersion, publishedRevision, duplicatedFrom, createdAt, at);
    }

    public Experiment shared(Map<String, Access> collaborators, Instant at) {
        return new Experiment(id, ownerId, title, description, definition, collaborators, revision,
                latestVersion, publishedRevision, duplicatedFrom, createdAt, at);
    }

    public Experiment published(int version, Instant at) {
        return new Experiment(id, ownerId, title, description, definition, collaborators, revision, version,
                revision, duplicatedFrom, createdAt, at);
    }
}
