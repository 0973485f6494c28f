package io.hyperstudy.media.assets;

import com.google.cloud.storage.Storage;
import io.hyperstudy.media.config.MediaConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The asset store the configuration names: the local folder, or Firebase Storage. */
@ApplicationScoped
public class AssetStorageProducer {

    @Inject
    MediaConfig config;

    @Inject
    Clock clock;

    @Inject
    Instance<Storage> cloudStorage;

    @Produces
    @Singleton
    AssetStorage storage(LocalAssetStorage local) {
        if (config.storage() == MediaConfig.Store.LOCAL) {
            return local;
        }
        String bucket = config.bucket().orElseThrow(() -> new IllegalStateException(
                "hyperstudy.media.bucket is required with hyperstudy.media.storage=firebase"));
        return new FirebaseAssetStorage(cloudStorage.get(), bucket, config, clock);
    }
}
