package io.hyperstudy.experiment.domain;

import io.quarkus.security.identity.SecurityIdentity;

/** Who is calling: the token subject and whether they hold the admin role. */
public record Caller(String id, boolean admin) {

    public static Caller of(SecurityIdentity identity) {
        return new Caller(identity.getPrincipal().getName(), identity.hasRole("admin"));
    }
}
