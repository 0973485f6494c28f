package io.hyperstudy.experiment.session;

/** The body of {@code POST /api/sessions}: which published version to run, and how. */
public record SessionInput(String experimentId, Integer version, SessionSettings settings) {
}
