package io.hyperstudy.experiment.export;

/**
 * One row of an export, in long format: one row per thing that happened. {@code record} says what:
 * {@code participant} (arrival and outcome), {@code room_event} (a room started, entered a state, paused,
 * resumed, ended, or a participant left it), {@code response}, {@code sync_quality}, {@code recording}.
 * Times are epoch
 * milliseconds on the server's clock, except {@code clientTime}. {@code value} is JSON.
 */
public record ExportRow(String record, String experimentId, String sessionId, String roomId, String participantId,
                        String participantLabel, String role, Integer stateIndex, String stateId, String componentId,
                        String componentType, String responseId, Long clientTime, Long serverTime, String value) {

    static final String[] COLUMNS = {"record", "experiment_id", "session_id", "room_id", "participant_id",
            "participant_label", "role", "state_index", "state_id", "component_id", "component_type", "response_id",
            "client_time", "server_time", "value"};

    Object[] cells() {
        return new Object[] {record, experimentId, sessionId, roomId, participantId, participantLabel, role, stateIndex,
                stateId, componentId, componentType, responseId, clientTime, serverTime, value};
    }
}
