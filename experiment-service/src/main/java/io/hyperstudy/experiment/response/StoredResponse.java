package io.hyperstudy.experiment.response;

/** A response as stored and exported; {@code valueJson} is the value's JSON text, times are epoch ms. */
public record StoredResponse(String experimentId, String sessionId, String roomId, String participantId, String role,
                             int stateIndex, String stateId, String componentId, String componentType,
                             String responseId, String valueJson, Long clientTime, Long serverTime) {
}
