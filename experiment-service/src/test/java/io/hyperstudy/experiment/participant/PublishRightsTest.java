package io.hyperstudy.experiment.participant;

import io.hyperstudy.experiment.definition.Component;
import io.hyperstudy.experiment.definition.Definition;
import io.hyperstudy.experiment.definition.End;
import io.hyperstudy.experiment.definition.Role;
import io.hyperstudy.experiment.definition.State;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;


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
        assertEquals(List.of("camera", "microphone"), ParticipantService.publishSources(d, "guide"));
        assertEquals(List.of(), ParticipantService.publishSources(d, "viewer"));
    }

    @Test
    void aCallThatNamesNoRoleLetsEveryonePublishAndNoCallLetsNobody() {
        assertEquals(List.of("microphone"),
                ParticipantService.publishSources(withCalls(new Component.Call("c", true, false, null)), "viewer"));
        assertEquals(List.of(), ParticipantService.publishSources(withCalls(), "guide"));
    }

    @Test
    void theSourcesAreTheUnionOfTheCallsTheRoleMayPublishIn() {
        Definition d = withCalls(new Component.Call("voice", true, false, List.of("viewer")),
                new Component.Call("stage", null, true, List.of("guide")));
        assertEquals(List.of("microphone"), ParticipantService.publishSources(d, "viewer"), "an audio-only call");
        assertEquals(List.of("camera", "microphone"), ParticipantService.publishSources(d, "guide"),
                "audio unset means on");
    }
}
