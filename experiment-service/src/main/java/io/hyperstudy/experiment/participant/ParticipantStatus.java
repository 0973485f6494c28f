package io.hyperstudy.experiment.participant;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hyperstudy.experiment.definition.Consent;
import io.hyperstudy.experiment.definition.State;

import java.time.Instant;

/**
 * What a participant's client needs to show: the consent form (before they join the line), waiting
 * (their place in line and when the wait times out), in a room (its current state, when it starts and
 * ends, whether it is held), or finished (outcome, completion code and where to go). {@code devices}
 * says what the experiment will ask of their browser, so the app can check it before the room starts.
 * {@code serverTime} lets the client relate the room's times to its own clock. {@code pass} is a fresh
 * pass when the old one no longer names the participant's room.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ParticipantStatus(String participantId, String sessionId, String status, String role,
                                Long position, Instant waitingSince, Instant timesOutAt, Consent consent,
                                Devices devices, RoomView room, String outcome, String code, String completionUrl,
                                long serverTime, PassView pass) {

    /** The room as its participant sees it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "ParticipantRoomView")
    public record RoomView(String roomId, String status, int stateIndex, int stateCount, String stateId, State state,
                           boolean forMe, long startsAt, Long deadline, Long remainingMs, boolean submitted,
                           int members) {
    }

    /**
     * What the experiment's states need from this participant's browser: sound that starts without a
     * click ({@code sound}: a video with sound or a call), and the camera and microphone a call publishes.
     */
    public record Devices(boolean sound, boolean camera, boolean microphone) {
    }

    public record PassView(String token, Instant expiresAt) {
    }
}
