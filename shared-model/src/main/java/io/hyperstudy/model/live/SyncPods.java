package io.hyperstudy.model.live;

/**
 * The real-time tier's coordination in Redis, shared by sync-service (which writes it) and the gateway (which
 * routes by it). Each sync pod registers under {@link #podKey} (a hash: {@code url}, {@code sockets},
 * {@code rooms}, {@code capacity}) with a short TTL it renews each second, and is listed in {@link #PODS}; a
 * key that expired is a pod that is gone. A room is owned by one pod through a lease under {@link #ownerKey}
 * (value {@code podId|fence}, with a TTL the owner renews): {@code fence} comes from {@link #fenceKey}, raised on
 * each claim, and every write of the room's timeline snapshot ({@link #snapshotKey}) is refused unless the
 * lease still names that fence, so a pod that lost the room (paused past its lease) cannot write over the new
 * owner's.
 */
public final class SyncPods {
    public static final String PODS = "hs:sync:pods";
    /**
     * The close code of a room socket whose room is served elsewhere now (its pod is stopping, or another pod
     * owns the room): the client reconnects at once through the gateway, which asks again who owns the room.
     */
    public static final short CLOSE_RECONNECT = 4503;

    private SyncPods() {
    }

    public static String podKey(String podId) {
        return "hs:sync:pod:" + podId;
    }

    public static String ownerKey(String roomId) {
        return "hs:sync:room:" + roomId + ":owner";
    }

    public static String fenceKey(String roomId) {
        return "hs:sync:room:" + roomId + ":fence";
    }

    public static String snapshotKey(String roomId) {
        return "hs:sync:room:" + roomId + ":timeline";
    }

    /** The pod id in an owner value {@code podId|fence}. */
    public static String ownerPod(String owner) {
        int bar = owner.lastIndexOf('|');
        return bar < 0 ? owner : owner.substring(0, bar);
    }
}
