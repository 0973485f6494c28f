package io.hyperstudy.experiment.pass;

import io.hyperstudy.experiment.definition.Component;
import io.hyperstudy.experiment.definition.Definition;
import io.hyperstudy.experiment.participant.Participant;
import io.hyperstudy.model.pass.ParticipantPass;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The pass a participant is given, from where they stand now: the room, role, host right and call
 * sources only while they are in a room. A participant who has left (dropped, withdrawn, timed out, or
 * whose room ended) gets a pass for their session alone, so a renewal never extends access to a room.
 */
@ApplicationScoped
public class ParticipantPasses {

    @Inject
    PassIssuer issuer;

    public Pass passFor(Participant p, String experimentId, Definition definition) {
        return issuer.issue(claimsFor(p, experimentId, definition));
    }

    static ParticipantPass claimsFor(Participant p, String experimentId, Definition definition) {
        ParticipantPass sessionOnly = new ParticipantPass(p.id(), p.sessionId(), experimentId, null, null, false,
                List.of());
        if (!p.inRoom()) {
            return sessionOnly;
        }
        boolean host = p.role() != null && definition.rolesOrEmpty().stream()
                .anyMatch(r -> r.id().equals(p.role()) && r.drivesPlayback());
        return new ParticipantPass(p.id(), p.sessionId(), experimentId, p.roomId(), p.role(), host,
                publishSources(definition, p.role()));
    }

    /**
     * What the role may send in the experiment's calls, as LiveKit track sources: the camera where a call it
     * may publish in has video, the microphone where one has audio. Empty: it listens and watches only.
     */
    static List<String> publishSources(Definition definition, String role) {
        Set<String> sources = new TreeSet<>();
        definition.statesOrEmpty().stream().flatMap(s -> s.components().stream())
                .filter(c -> c instanceof Component.Call call
                        && (call.publishRoles() == null || call.publishRoles().isEmpty() || call.publishRoles().contains(role)))
                .map(c -> (Component.Call) c)
                .forEach(call -> {
                    if (!Boolean.FALSE.equals(call.video())) {
                        sources.add(ParticipantPass.CAMERA);
                    }
                    if (!Boolean.FALSE.equals(call.audio())) {
                        sources.add(ParticipantPass.MICROPHONE);
                    }
                });
        return List.copyOf(sources);
    }
}
