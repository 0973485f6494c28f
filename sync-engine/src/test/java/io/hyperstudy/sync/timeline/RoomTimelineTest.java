package io.hyperstudy.sync.timeline;

import io.hyperstudy.model.sync.PlaybackState;
import io.hyperstudy.model.sync.TimelineCommand;
import io.hyperstudy.model.sync.TimelineCommand.Action;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The room timeline's arithmetic at its edges: scheduled commands, the past, negative positions, rates. */
class RoomTimelineTest {
    static TimelineCommand command(Action action, String media, Double position, Double at, Double rate) {
        return new TimelineCommand(action, media, position, at, rate);
    }

    @Test
    void aPausedOrNotYetStartedTimelineStandsStill() {
        RoomTimeline empty = RoomTimeline.empty(1000);
        assertEquals(PlaybackState.PAUSED, empty.state());
        assertEquals(0, empty.positionAt(99_999));
        RoomTimeline scheduled = empty.apply(command(Action.LOAD, "m", 5000.0, null, null), 1000)
                .apply(command(Action.PLAY, null, null, 3000.0, null), 1000);
        assertEquals(5000, scheduled.positionAt(2999), "before its start the media waits where it was loaded");
        assertEquals(5000, scheduled.positionAt(3000));
        assertEquals(6000, scheduled.positionAt(4000));
    }

    @Test
    void aCommandScheduledInThePastTakesEffectNow() {
        RoomTimeline playing = RoomTimeline.empty(0).apply(command(Action.LOAD, "m", null, null, null), 0)
                .apply(command(Action.PLAY, null, null, 500.0, null), 1000);
        assertEquals(1000, playing.serverTime(), "anchored at now, not in the past");
        assertEquals(0, playing.positionAt(1000));
    }

    @Test
    void positionsNeverGoBelowZeroAndPauseKeepsWhereTheMediaIs() {
        RoomTimeline playing = RoomTimeline.empty(0).apply(command(Action.LOAD, "m", -300.0, null, null), 0)
                .apply(command(Action.PLAY, null, null, null, null), 0);
        assertEquals(0, playing.position());
        RoomTimeline paused = playing.apply(command(Action.PAUSE, null, null, null, null), 2500);
        assertEquals(PlaybackState.PAUSED, paused.state());
        assertEquals(2500, paused.position());
        assertEquals(0, paused.apply(command(Action.SEEK, null, -10.0, null, null), 3000).position());
    }

    @Test
    void aRateChangeKeepsThePositionContinuous() {
        RoomTimeline playing = RoomTimeline.empty(0).apply(command(Action.LOAD, "m", null, null, null), 0)
                .apply(command(Action.PLAY, null, null, null, null), 0);
        RoomTimeline faster = playing.apply(command(Action.RATE, null, null, null, 2.0), 1000);
        assertEquals(1000, faster.positionAt(1000), "no jump at the change");
        assertEquals(3000, faster.positionAt(2000), "then twice as fast");
    }

    @Test
    void loadingPausesAtTheStartOfTheNewMedia() {
        RoomTimeline playing = RoomTimeline.empty(0).apply(command(Action.LOAD, "a", null, null, null), 0)
                .apply(command(Action.PLAY, null, null, null, null), 0);
        RoomTimeline loaded = playing.apply(command(Action.LOAD, "b", null, null, null), 5000);
        assertEquals("b", loaded.mediaId());
        assertEquals(PlaybackState.PAUSED, loaded.state());
        assertEquals(0, loaded.positionAt(9000));
    }
}
