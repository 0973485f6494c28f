package io.hyperstudy.experiment.domain;

/** Who is calling: the token subject and whether they hold the admin role. */
public record Caller(String id, boolean admin) {
}
