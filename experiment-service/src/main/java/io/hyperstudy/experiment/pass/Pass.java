package io.hyperstudy.experiment.pass;

import java.time.Instant;

/** A signed participant pass and when it expires. */
public record Pass(String token, Instant expiresAt) {
}
