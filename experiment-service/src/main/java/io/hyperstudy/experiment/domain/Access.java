package io.hyperstudy.experiment.domain;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a caller may do with one experiment, in increasing order: read it (and copy it), edit and
 * publish its draft, or everything including delete and share (its owner, and any admin).
 */
public enum Access {
    @JsonProperty("viewer") VIEWER,
    @JsonProperty("editor") EDITOR,
    @JsonProperty("owner") OWNER;

    public boolean allows(Access needed) {
        return compareTo(needed) >= 0;
    }

    /** The name used in JSON and in the store. */
    public String wireName() {
        return name().toLowerCase();
    }

    public static Access ofWireName(String name) {
        return valueOf(name.toUpperCase());
    }
}
