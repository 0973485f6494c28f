package io.hyperstudy.experiment.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hyperstudy.experiment.definition.Definition;
import io.hyperstudy.experiment.domain.Version;

import java.time.Instant;

/** A published version; {@code definition} is left out of lists. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VersionView(String experimentId, int version, long revision, String title, Definition definition,
                          String publishedBy, Instant publishedAt) {

    static VersionView of(Version v) {
        return new VersionView(v.experimentId(), v.version(), v.revision(), v.title(), v.definition(), v.publishedBy(),
                v.publishedAt());
    }

    static VersionView summary(Version v) {
        return new VersionView(v.experimentId(), v.version(), v.revision(), v.title(), null, v.publishedBy(),
                v.publishedAt());
    }
}
