package io.hyperstudy.experiment.response;

/**
 * A chat message from staff: {@code id} is made by the client, so a retried request is stored once;
 * {@code componentId} names a chat of the room's current state.
 */
public record StaffChatInput(String id, String componentId, String text) {
}
