package io.hyperstudy.model.events;

/** One Kafka topic per aggregate; the record key is the aggregate id. */
public final class Topics {
    public static final String EXPERIMENTS = "hyperstudy.experiments";
    public static final String SESSIONS = "hyperstudy.sessions";
    public static final String MEDIA = "hyperstudy.media";
    public static final String SYNC_QUALITY = "hyperstudy.sync-quality";

    private Topics() {
    }
}
