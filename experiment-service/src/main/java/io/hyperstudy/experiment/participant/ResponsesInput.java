package io.hyperstudy.experiment.participant;

import io.hyperstudy.experiment.response.ResponseInput;

import java.util.List;

/** The body of {@code POST /api/participants/me/responses}: one or more responses (continuous ratings and chat arrive in batches). */
public record ResponsesInput(List<ResponseInput> responses) {
}
