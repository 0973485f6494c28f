package io.hyperstudy.model.live;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A chat message, stored (once) by experiment-service and published on the live path to every member of
 * the room. {@code from} is the sender's participant id, or {@code staff:<subject>} for staff.
 */
@RegisterForReflection
public record LiveChat(String roomId, String componentId, String messageId, String from, String role, String text,
                       long serverTime) {
}
