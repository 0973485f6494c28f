package io.hyperstudy.media.assets;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.google.firebase.cloud.StorageClient;
import io.hyperstudy.media.config.FirebaseConfig;
import io.hyperstudy.media.config.FirebaseProducer;
import io.hyperstudy.media.config.MediaConfig;
import jakarta.enterprise.context.ApplicationScoped;
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
    FirebaseConfig firebase;

    @Inject
    Clock clock;

    @Produces
    @Singleton
    AssetStorage storage(LocalAssetStorage local) {
        if (config.storage() == MediaConfig.Store.LOCAL) {
            return local;
        }
        String bucket = config.bucket().orElseThrow(() -> new IllegalStateException(
                "hyperstudy.media.bucket is required with hyperstudy.media.storage=firebase"));
        Storage storage = config.storageHost()
                .map(host -> StorageOptions.newBuilder().setHost(host.toString()).setProjectId(firebase.projectId())
                        .setCredentials(NoCredentials.getInstance()).build().getService())
                .orElseGet(() -> StorageClient.getInstance(FirebaseProducer.app(firebase.projectId())).bucket(bucket).getStorage());
        return new FirebaseAssetStorage(storage, bucket, config, clock);
    }
}
