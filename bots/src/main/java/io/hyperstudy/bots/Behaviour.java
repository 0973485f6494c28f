package io.hyperstudy.bots;

import java.time.Duration;

/**
 * How a bot behaves beyond answering: how often it sends heartbeats, and whether it goes silent
 * (like a closed tab or a lost connection) when it reaches a given state, for how long, or for good.
 */
public record Behaviour(Duration heartbeat, String silentInState, Duration silentFor, boolean neverReturn,
                        Duration answerDelay) {

    public static Behaviour polite(Duration heartbeat) {
        return new Behaviour(heartbeat, null, Duration.ZERO, false, Duration.ZERO);
    }

    /** Goes silent on reaching {@code state} and comes back after {@code duration}. */
    public Behaviour dropsIn(String state, Duration duration) {
        return new Behaviour(heartbeat, state, duration, false, answerDelay);
    }

    /** Goes silent on reaching {@code state} and never comes back. */
    public Behaviour vanishesIn(String state) {
        return new Behaviour(heartbeat, state, Duration.ZERO, true, answerDelay);
    }

    /** Waits this long into each state before answering, as a person would. */
    public Behaviour answeringAfter(Duration delay) {
        return new Behaviour(heartbeat, silentInState, silentFor, neverReturn, delay);
    }
}
