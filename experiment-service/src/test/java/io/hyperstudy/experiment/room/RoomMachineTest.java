package io.hyperstudy.experiment.room;

import io.hyperstudy.experiment.definition.Component;
import io.hyperstudy.experiment.definition.Definition;
import io.hyperstudy.experiment.definition.Dropout;
import io.hyperstudy.experiment.definition.End;
import io.hyperstudy.experiment.definition.Recording;
import io.hyperstudy.experiment.definition.Role;
import io.hyperstudy.experiment.definition.State;
import io.hyperstudy.experiment.room.Member.Presence;
import io.hyperstudy.experiment.session.Outcome;
import io.hyperstudy.model.events.DomainEvent;
import io.hyperstudy.model.events.ParticipantLeft;
import io.hyperstudy.model.events.RoomEnded;
import io.hyperstudy.model.events.RoomStateChanged;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The room state machine, driven through event sequences with a hand-held clock. */
class RoomMachineTest {
    static final long LEAD = 500;
    static final long T0 = 1_000_000;

    static State state(String id, Component focus, End end, Dropout dropout, String... roles) {
        return new State(id, id, List.of(roles), focus, List.of(), end, dropout, null);
    }

    static Component.Text next(String id) {
        return new Component.Text(id, "go on", true);
    }

    static final Definition STUDY = new Definition(
            List.of(new Role("a", "A", 2, false), new Role("b", "B", 1, true)),
            List.of(
                    state("intro", next("ok"), new End(End.Kind.ALL_SUBMITTED, null), new Dropout(Dropout.Policy.PAUSE, 10.0)),
                    state("film", new Component.Video("v", "m1", true, 3.0, null, false, true), new End(End.Kind.TIMER, 60.0),
                            new Dropout(Dropout.Policy.PAUSE, 5.0)),
                    state("b-only", next("b-ok"), new End(End.Kind.ALL_SUBMITTED, null), new Dropout(Dropout.Policy.CONTINUE, null), "b"),
                    state("last", next("done"), new End(End.Kind.ALL_SUBMITTED, null), new Dropout(Dropout.Policy.END_ROOM, null))));

    final RoomMachine machine = new RoomMachine(STUDY, LEAD, 30_000);

    Room started() {
        List<Member> members = List.of(new Member("p1", "a", Presence.PRESENT, null),
                new Member("p2", "a", Presence.PRESENT, null), new Member("p3", "b", Presence.PRESENT, null));
        return machine.start("r", "s", "e", 1, members, T0).room();
    }

    static List<String> story(RoomStep step) {
        return step.events().stream().map(RoomMachineTest::describe).toList();
    }

    static String describe(DomainEvent e) {
        if (e instanceof RoomStateChanged c) {
            return c.transition() + ":" + c.stateId();
        }
        if (e instanceof ParticipantLeft l) {
            return "left:" + l.participantId() + ":" + l.outcome();
        }
        if (e instanceof RoomEnded ended) {
            return "ended:" + ended.reason();
        }
        return e.getClass().getSimpleName();
    }

    @Test
    void aRoomStartsInTheFirstStateAfterTheLead() {
        List<Member> members = List.of(new Member("p1", "a", Presence.PRESENT, null));
        RoomStep step = machine.start("r", "s", "e", 1, members, T0);
        assertEquals(List.of("RoomStarted", "enter:intro"), story(step));
        assertEquals(T0 + LEAD, step.room().stateStartsAt());
        assertNull(step.room().deadline(), "allSubmitted without a cap has no deadline");
    }

    @Test
    void aStatesRecordingTravelsWithItsEnterSoMediaServiceKnowsWhatToRecord() {
        Definition recorded = new Definition(List.of(new Role("a", "A", 1, false)), List.of(
                new State("talk", "talk", List.of(), next("ok"),
                        List.of(new Component.Call("call", true, true, List.of("a"))),
                        new End(End.Kind.TIMER, 10.0), new Dropout(Dropout.Policy.CONTINUE, null), Recording.TRACKS),
                state("after", next("done"), new End(End.Kind.ALL_SUBMITTED, null), new Dropout(Dropout.Policy.CONTINUE, null))));
        RoomMachine m = new RoomMachine(recorded, LEAD, 3_000, 30_000);
        RoomStep start = m.start("r", "s", "e", 1, List.of(new Member("p1", "a", Presence.PRESENT, null)), T0);
        var talk = (RoomStateChanged) start.events().get(1);
        assertEquals(RoomStateChanged.RECORD_TRACKS, talk.recording());
        assertTrue(talk.records());
        assertEquals(T0 + 3_000, talk.startsAtServerTime(), "a recorded state gives egress time to start");
        var after = (RoomStateChanged) m.wake(start.room(), T0 + 3_000 + 10_000).events().get(0);
        assertEquals("after", after.stateId());
        assertEquals(T0 + 13_000 + LEAD, after.startsAtServerTime(), "other states keep the usual lead");
        assertEquals(RoomStateChanged.RECORD_NONE, after.recording(), "the next state stops the recording");
        assertFalse(after.records());
    }

    @Test
    void allSubmittedMovesOnWhenTheLastParticipantSubmitsAndATimerStateEndsOnTime() {
        Room room = started();
        room = machine.submit(room, "p1", 0, "ok", T0 + 1000).room();
        room = machine.submit(room, "p2", 0, "ok", T0 + 1100).room();
        assertEquals(0, room.stateIndex());
        RoomStep third = machine.submit(room, "p3", 0, "ok", T0 + 1200);
        assertEquals(List.of("enter:film"), story(third));
        RoomStateChanged film = (RoomStateChanged) third.events().get(0);
        assertEquals("m1", film.mediaId());
        assertEquals(3.0, film.mediaStartSeconds());
        assertTrue(film.waitForBuffering(), "the video's buffering policy travels to sync-service");
        assertEquals(T0 + 1200 + LEAD + 60_000, third.room().deadline());

        assertFalse(machine.wake(third.room(), T0 + 1200 + LEAD + 59_999).changed(), "not due yet");
        RoomStep due = machine.wake(third.room(), T0 + 1200 + LEAD + 60_000);
        assertEquals(List.of("enter:b-only"), story(due));
    }

    @Test
    void aSubmissionForAnotherStateOrComponentOrTwiceChangesNothing() {
        Room room = started();
        assertFalse(machine.submit(room, "p1", 1, "ok", T0).changed());
        assertFalse(machine.submit(room, "p1", 0, "other", T0).changed());
        Room once = machine.submit(room, "p1", 0, "ok", T0).room();
        assertFalse(machine.submit(once, "p1", 0, "ok", T0).changed());
    }

    @Test
    void submissionsDoNotEndAStateThatEndsByTimerOrByTheExperimenter() {
        Definition d = new Definition(List.of(new Role("a", "A", 1, false)), List.of(
                state("held", next("ok"), new End(End.Kind.EXPERIMENTER, null), null),
                state("timed", next("ok2"), new End(End.Kind.TIMER, 5.0), null)));
        RoomMachine m = new RoomMachine(d, LEAD, 1000);
        Room room = m.start("r", "s", "e", 1, List.of(new Member("p1", "a", Presence.PRESENT, null)), T0).room();
        RoomStep submitted = m.submit(room, "p1", 0, "ok", T0 + 10);
        assertTrue(submitted.changed());
        assertEquals(List.of(), story(submitted), "the experimenter moves this room on, not the submission");
        Room timed = m.skip(submitted.room(), 1, T0 + 20).room();
        assertEquals(List.of(), story(m.submit(timed, "p1", 1, "ok2", T0 + 30)));
    }

    @Test
    void aStateForOneRoleWaitsOnlyForThatRole() {
        Room room = machine.skip(started(), 2, T0).room();
        RoomStep step = machine.submit(room, "p3", 2, "b-ok", T0 + 10);
        assertEquals(List.of("enter:last"), story(step), "p1 and p2 are not asked in a state for role b");
    }

    @Test
    void underPauseTheRoomHoldsItsTimeAndResumesWithWhatWasLeft() {
        Room room = machine.skip(started(), 1, T0).room();
        long start = room.stateStartsAt();
        RoomStep gone = machine.absent(room, "p2", start + 20_000);
        assertEquals(List.of("pause:film"), story(gone));
        assertEquals(Room.Status.PAUSED, gone.room().status());
        assertEquals(40_000L, gone.room().remainingMs());
        assertEquals(start + 20_000 + 5_000, gone.room().graceDeadline());

        RoomStep back = machine.returned(gone.room(), "p2", start + 23_000);
        assertEquals(List.of("resume:film"), story(back));
        RoomStateChanged resume = (RoomStateChanged) back.events().get(0);
        assertEquals(start + 23_000 + LEAD, resume.startsAtServerTime());
        assertEquals(start + 23_000 + LEAD + 40_000, back.room().deadline(), "the timer goes on from where it stopped");
    }

    @Test
    void underPauseAParticipantWhoDoesNotComeBackIsDroppedAndTheRoomGoesOn() {
        Room room = started();
        room = machine.submit(room, "p1", 0, "ok", T0 + 100).room();
        room = machine.submit(room, "p3", 0, "ok", T0 + 100).room();
        Room held = machine.absent(room, "p2", T0 + 1000).room();
        assertFalse(machine.wake(held, T0 + 10_999).changed());
        RoomStep expired = machine.wake(held, T0 + 11_000);
        assertEquals(List.of("left:p2:dropped", "resume:intro", "enter:film"), story(expired),
                "the others had all submitted, so the state ends as soon as the room goes on");
        assertEquals(Map.of("p2", Outcome.DROPPED), expired.outcomes());
        assertFalse(machine.returned(expired.room(), "p2", T0 + 12_000).changed(), "too late to come back");
    }

    @Test
    void underContinueTheRoomDoesNotWaitForTheAbsent() {
        Room room = machine.skip(started(), 2, T0).room();
        RoomStep gone = machine.absent(room, "p3", T0 + 100);
        assertEquals(List.of("enter:last"), story(gone), "nobody left in the state's audience to wait for");
    }

    @Test
    void underEndRoomADropoutEndsTheRoomForEveryone() {
        Room room = machine.skip(started(), 3, T0).room();
        RoomStep gone = machine.absent(room, "p1", T0 + 100);
        assertEquals(List.of("left:p1:dropped", "left:p2:ended", "left:p3:ended", "ended:dropout"), story(gone));
        assertEquals(Room.Status.ENDED, gone.room().status());
        assertNull(gone.room().nextWakeAt());
    }

    @Test
    void theExperimenterPausesResumesSkipsAndEnds() {
        Room room = machine.skip(started(), 1, T0).room();
        long start = room.stateStartsAt();
        RoomStep paused = machine.pause(room, start + 10_000);
        assertEquals(List.of("pause:film"), story(paused));
        assertNull(paused.room().nextWakeAt(), "a held room has no deadline");
        assertFalse(machine.pause(paused.room(), start + 11_000).changed());

        RoomStep skipped = machine.skip(paused.room(), 3, start + 12_000);
        assertEquals(List.of("enter:last", "pause:last"), story(skipped), "a held room stays held in its new state");
        RoomStep resumed = machine.resume(skipped.room(), start + 13_000);
        assertEquals(List.of("resume:last"), story(resumed));

        RoomStep ended = machine.end(resumed.room(), start + 14_000);
        assertEquals(List.of("left:p1:ended", "left:p2:ended", "left:p3:ended", "ended:ended"), story(ended));
        assertFalse(machine.end(ended.room(), start + 15_000).changed());
    }

    @Test
    void theLastStateCompletesTheRoomAndThoseStillSilentAreDropped() {
        Room room = machine.skip(started(), 3, T0).room();
        room = machine.submit(room, "p1", 3, "done", T0 + 10).room();
        room = machine.submit(room, "p2", 3, "done", T0 + 10).room();
        RoomStep last = machine.submit(room, "p3", 3, "done", T0 + 20);
        assertEquals(List.of("left:p1:completed", "left:p2:completed", "left:p3:completed", "ended:completed"), story(last));
        assertTrue(last.room().members().stream().allMatch(m -> m.presence() == Presence.PRESENT));
    }

    @Test
    void aWithdrawnParticipantGetsNoConsentAndTheRoomGoesOn() {
        Room room = started();
        room = machine.submit(room, "p1", 0, "ok", T0).room();
        room = machine.submit(room, "p3", 0, "ok", T0).room();
        RoomStep withdrawn = machine.withdraw(room, "p2", T0 + 50);
        assertEquals(List.of("left:p2:noConsent", "enter:film"), story(withdrawn));
        assertEquals(Outcome.NO_CONSENT, withdrawn.outcomes().get("p2"));
    }
}
