package io.hyperstudy.experiment.pass;

import io.hyperstudy.experiment.definition.Component;
import io.hyperstudy.experiment.definition.Definition;
import io.hyperstudy.experiment.definition.End;
import io.hyperstudy.experiment.definition.Role;
import io.hyperstudy.experiment.definition.State;
import org.junit.jupiter.api.Test;

import io.hyperstudy.experiment.participant.Participant;
import io.hyperstudy.experiment.session.Outcome;
import io.hyperstudy.model.pass.ParticipantPass;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;


/**
 * What a pass says: the room, role, host right and call sources only while its participant is in a room,
 * and the call sources of the role (those any of the experiment's calls lets publish).
 */
class PassClaimsTest {
    static Definition withCalls(Component.Call... calls) {
        List<Component> globals = List.of(calls);
        return new Definition(List.of(new Role("guide", "G", 1, true), new Role("viewer", "V", 2, false)),
                List.of(new State("s", "s", List.of(), new Component.Text("t", "hi", true), globals,
                        new End(End.Kind.ALL_SUBMITTED, null), null, null)));
    }

    @Test
    void onlyTheRolesACallNamesPublishThere() {
        Definition d = withCalls(new Component.Call("c", true, true, List.of("guide")));
        assertEquals(List.of("camera", "microphone"), ParticipantPasses.publishSources(d, "guide"));
        assertEquals(List.of(), ParticipantPasses.publishSources(d, "viewer"));
    }

    @Test
    void aCallThatNamesNoRoleLetsEveryonePublishAndNoCallLetsNobody() {
        assertEquals(List.of("microphone"),
                ParticipantPasses.publishSources(withCalls(new Component.Call("c", true, false, null)), "viewer"));
        assertEquals(List.of(), ParticipantPasses.publishSources(withCalls(), "guide"));
    }

    @Test
    void theSourcesAreTheUnionOfTheCallsTheRoleMayPublishIn() {
        Definition d = withCalls(new Component.Call("voice", true, false, List.of("viewer")),
                new Component.Call("stage", null, true, List.of("guide")));
        assertEquals(List.of("microphone"), ParticipantPasses.publishSources(d, "viewer"), "an audio-only call");
        assertEquals(List.of("camera", "microphone"), ParticipantPasses.publishSources(d, "guide"),
                "audio unset means on");
    }

    @Test
    void aParticipantInARoomGetsItsRoomAndRoleAndNobodyElseDoes() {
        Definition d = withCalls(new Component.Call("c", true, true, null));
        Participant waiting = new Participant("p-1", "s-1", "anna", Map.of(), Participant.Status.WAITING, "guide",
                null, null, Instant.EPOCH, null, null, null);
        Participant inRoom = waiting.matched("r-1", "guide");
        ParticipantPass in = ParticipantPasses.claimsFor(inRoom, "e-1", d);
        assertEquals("r-1", in.roomId());
        assertEquals("guide", in.role());
        assertEquals(true, in.host());
        assertEquals(List.of("camera", "microphone"), in.publishSources());
        for (Outcome o : Outcome.values()) {
            ParticipantPass out = ParticipantPasses.claimsFor(inRoom.finished(o, Instant.EPOCH), "e-1", d);
            assertNull(out.roomId(), "a participant who left with " + o + " gets no room");
            assertNull(out.role());
            assertFalse(out.host());
            assertEquals(List.of(), out.publishSources());
            assertEquals("s-1", out.sessionId());
        }
        assertNull(ParticipantPasses.claimsFor(waiting, "e-1", d).roomId());
    }
}
