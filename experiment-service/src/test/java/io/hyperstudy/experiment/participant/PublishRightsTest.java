package io.hyperstudy.experiment.participant;

import io.hyperstudy.experiment.definition.Component;
import io.hyperstudy.experiment.definition.Definition;
import io.hyperstudy.experiment.definition.End;
import io.hyperstudy.experiment.definition.Role;
import io.hyperstudy.experiment.definition.State;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which roles a pass lets speak and be seen in calls: those any of the experiment's calls lets publish. */
class PublishRightsTest {
    static Definition withCalls(Component.Call... calls) {
        List<Component> globals = List.of(calls);
        return new Definition(List.of(new Role("guide", "G", 1, true), new Role("viewer", "V", 2, false)),
                List.of(new State("s", "s", List.of(), new Component.Text("t", "hi", true), globals,
                        new End(End.Kind.ALL_SUBMITTED, null), null, null)));
    }

    @Test
    void onlyTheRolesACallNamesPublishThere() {
        Definition d = withCalls(new Component.Call("c", true, true, List.of("guide")));
        assertTrue(ParticipantService.publishes(d, "guide"));
        assertFalse(ParticipantService.publishes(d, "viewer"));
    }

    @Test
    void aCallThatNamesNoRoleLetsEveryonePublishAndNoCallLetsNobody() {
        assertTrue(ParticipantService.publishes(withCalls(new Component.Call("c", true, false, null)), "viewer"));
        assertFalse(ParticipantService.publishes(withCalls(), "guide"));
    }
}
