package io.hyperstudy.sync.control;

import io.hyperstudy.model.sync.PlaybackState;
import io.hyperstudy.model.sync.RateCommand;
import io.hyperstudy.model.sync.Report;
import io.hyperstudy.model.sync.SeekCommand;
import io.hyperstudy.sync.clock.ClockEstimator;
import io.hyperstudy.sync.timeline.RoomTimeline;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The controller at its edges: no model yet, a far-off client, a near one, buffering, repeated seeks. */
class PlaybackControllerTest {
    static final RoomTimeline PLAYING = new RoomTimeline("m", PlaybackState.PLAYING, 0, 10_000, 1.0);

    /** A client whose clock equals the server's, known from clean exchanges. */
    static ClockEstimator settledClock() {
        ClockEstimator c = new ClockEstimator();
        for (int i = 0; i < 10; i++) {
            double t1 = 1_000 + i * 100;
            c.observe(t1, t1 + 5, t1 + 5.1, t1 + 10.1);
        }
        return c;
    }

    static Report at(double clientTime, double position) {
        return new Report(clientTime, position, 1.0, false, false);
    }

    @Test
    void nothingIsSaidBeforeTheClockIsKnownOrWithoutMedia() {
        PlaybackController p = new PlaybackController();
        assertEquals(Optional.empty(), p.onReport(at(20_000, 0), PLAYING, new ClockEstimator(), 20_000));
        assertEquals(Optional.empty(), p.onReport(at(20_000, 0), RoomTimeline.empty(0), settledClock(), 20_000));
        assertEquals(Optional.empty(), p.onTimeline(PLAYING, new ClockEstimator(), 20_000));
    }

    @Test
    void aFarOffClientSeeksToWhereTheRoomWillBeWhenTheSeekLands() {
        PlaybackController p = new PlaybackController();
        var answer = p.onReport(at(20_000, 2_000), PLAYING, settledClock(), 20_000);
        SeekCommand seek = assertInstanceOf(SeekCommand.class, answer.orElseThrow());
        double lead = PlaybackController.Settings.defaults().seekLeadMs();
        assertEquals(20_000 + lead, seek.atClientTime(), 1, "scheduled a lead ahead, on the client's clock");
        assertEquals(10_000 + lead, seek.position(), 1, "where the room is at that instant");
        assertEquals(1, p.seeks());
        assertEquals(Optional.empty(), p.onReport(at(20_100, 2_100), PLAYING, settledClock(), 20_100),
                "a seek under way is not repeated");
    }

    @Test
    void aNearClientGetsABoundedRateNotASeek() {
        PlaybackController p = new PlaybackController();
        var s = PlaybackController.Settings.defaults();
        var answer = p.onReport(at(20_000, 10_030), PLAYING, settledClock(), 20_000);
        RateCommand rate = assertInstanceOf(RateCommand.class, answer.orElseThrow());
        assertTrue(rate.rate() < 1.0, "ahead: slow down");
        assertTrue(rate.rate() >= 1.0 - s.maxRateStep() - 1e-9, "never more than one step at a time: " + rate.rate());
        assertEquals(0, p.seeks());
    }

    @Test
    void aTinyErrorChangesNothingAndBufferingIsWaitedFor() {
        PlaybackController p = new PlaybackController();
        assertEquals(Optional.empty(), p.onReport(at(20_000, 10_000.05), PLAYING, settledClock(), 20_000),
                "inside the dead band");
        assertEquals(Optional.empty(), p.onReport(new Report(20_500.0, 3_000.0, 1.0, false, true), PLAYING,
                settledClock(), 20_500), "a buffering player's position says nothing");
    }

    @Test
    void aRoomPausedOrNotYetStartedIsHeldWhereItStands() {
        PlaybackController p = new PlaybackController();
        RoomTimeline paused = new RoomTimeline("m", PlaybackState.PAUSED, 4_000, 10_000, 1.0);
        SeekCommand seek = assertInstanceOf(SeekCommand.class,
                p.onReport(at(20_000, 9_000), paused, settledClock(), 20_000).orElseThrow());
        assertEquals(4_000, seek.position());
        assertEquals(20_000, seek.atClientTime(), 1, "paused: at once");
        PlaybackController q = new PlaybackController();
        assertEquals(Optional.empty(), q.onReport(new Report(20_000.0, 4_001.0, 1.0, true, false), paused,
                settledClock(), 20_000), "a paused player within tolerance is left alone");
    }
}
