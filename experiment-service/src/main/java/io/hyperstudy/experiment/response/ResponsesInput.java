package io.hyperstudy.experiment.response;


import java.util.List;

/** The body of {@code POST /api/participants/me/responses}: one or more responses (continuous ratings and chat arrive in batches). */
public record ResponsesInput(List<ResponseInput> responses) {
}
