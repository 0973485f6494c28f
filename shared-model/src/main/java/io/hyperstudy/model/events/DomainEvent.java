package io.hyperstudy.model.events;

/**
 * The data of a HyperStudy event. Each implementation is listed in {@link EventType}, which gives its
 * CloudEvents type, topic and payload class.
 */
public sealed interface DomainEvent
        permits ExperimentCreated, ExperimentUpdated, ExperimentPublished, ExperimentShared, ExperimentDeleted, SessionCreated, SessionClosed,
        ParticipantJoined, ParticipantLeft, RoomStarted, RoomStateChanged, RoomEnded, ResponseRecorded, SyncQualityReported,
        RecordingStarted, RecordingCompleted {

    /** The Kafka key: the id of the aggregate whose events must stay ordered. */
    String aggregateId();
}
