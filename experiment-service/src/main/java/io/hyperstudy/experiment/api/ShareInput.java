package io.hyperstudy.experiment.api;

import io.hyperstudy.experiment.domain.Access;

/** The body of {@code PUT /api/experiments/{id}/collaborators/{userId}}: {@code viewer} or {@code editor}. */
public record ShareInput(Access access) {
}
