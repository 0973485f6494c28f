package io.hyperstudy.model.events;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The registry of event types: CloudEvents {@code type}, payload class and topic. Types carry a major
 * version suffix; a breaking change to a payload gets a new type, never an edit of an old one.
 */
public enum EventType {
    EXPERIMENT_CREATED("io.hyperstudy.experiment.created.v1", ExperimentCreated.class, Topics.EXPERIMENTS),
    EXPERIMENT_UPDATED("io.hyperstudy.experiment.updated.v1", ExperimentUpdated.class, Topics.EXPERIMENTS),
    EXPERIMENT_PUBLISHED("io.hyperstudy.experiment.published.v1", ExperimentPublished.class, Topics.EXPERIMENTS),
    EXPERIMENT_SHARED("io.hyperstudy.experiment.shared.v1", ExperimentShared.class, Topics.EXPERIMENTS),
    EXPERIMENT_DELETED("io.hyperstudy.experiment.deleted.v1", ExperimentDeleted.class, Topics.EXPERIMENTS),
    SESSION_CREATED("io.hyperstudy.session.created.v1", SessionCreated.class, Topics.SESSIONS),
    SESSION_CLOSED("io.hyperstudy.session.closed.v1", SessionClosed.class, Topics.SESSIONS),
    PARTICIPANT_JOINED("io.hyperstudy.participant.joined.v1", ParticipantJoined.class, Topics.SESSIONS),
    PARTICIPANT_LEFT("io.hyperstudy.participant.left.v1", ParticipantLeft.class, Topics.SESSIONS),
    ROOM_STARTED("io.hyperstudy.room.started.v1", RoomStarted.class, Topics.SESSIONS),
    ROOM_STATE_CHANGED("io.hyperstudy.room.state-changed.v1", RoomStateChanged.class, Topics.SESSIONS),
    ROOM_ENDED("io.hyperstudy.room.ended.v1", RoomEnded.class, Topics.SESSIONS),
    RESPONSE_RECORDED("io.hyperstudy.response.recorded.v1", ResponseRecorded.class, Topics.SESSIONS),
    RECORDING_STARTED("io.hyperstudy.recording.started.v1", RecordingStarted.class, Topics.MEDIA),
    RECORDING_COMPLETED("io.hyperstudy.recording.completed.v1", RecordingCompleted.class, Topics.MEDIA),
    SYNC_QUALITY_REPORTED("io.hyperstudy.sync.quality-reported.v1", SyncQualityReported.class, Topics.SYNC_QUALITY);

    private static final Map<String, EventType> BY_TYPE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::type, Function.identity()));
    private static final Map<Class<?>, EventType> BY_CLASS =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::payload, Function.identity()));

    private final String type;
    private final Class<? extends DomainEvent> payload;
    private final String topic;

    EventType(String type, Class<? extends DomainEvent> payload, String topic) {
        this.type = type;
        this.payload = payload;
        this.topic = topic;
    }

    public String type() {
        return type;
    }

    public Class<? extends DomainEvent> payload() {
        return payload;
    }

    public String topic() {
        return topic;
    }

    public static Optional<EventType> ofType(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }

    public static EventType of(DomainEvent event) {
        EventType t = BY_CLASS.get(event.getClass());
        if (t == null) {
            throw new IllegalArgumentException("no event type registered for " + event.getClass().getName());
        }
        return t;
    }
}
