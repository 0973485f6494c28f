package io.hyperstudy.model.sync;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Server → client: the participant's part in the room is over ({@code outcome}: completed, dropped, ended,
 * noConsent, timedOut), with their completion code and where to go; the socket then closes with 4403.
 */
@RegisterForReflection
public record Outcome(String outcome, String code, String completionUrl) implements SyncMessage {
}
