package io.hyperstudy.media.access;

/**
 * What a caller may do with an experiment's media, in increasing order: nothing; download as a
 * participant of one of its sessions; read as a viewer; upload and delete as an editor or the owner.
 */
public enum Access {
    NONE, PARTICIPANT, VIEWER, EDITOR, OWNER;

    public boolean allows(Access needed) {
        return compareTo(needed) >= 0;
    }
}
