package io.hyperstudy.media.config;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The Cloud Storage client (Firebase Storage is a Cloud Storage bucket): Google's, with the application
 * default credentials, or an emulator's at {@code hyperstudy.media.storage-host}. Made on first use only: a
 * platform that keeps assets locally and recordings in egress's storage never needs it.
 */
@ApplicationScoped
public class CloudStorageProducer {

    @Produces
    @Singleton
    Storage storage(MediaConfig config, FirebaseConfig firebase) {
        return config.storageHost()
                .map(host -> StorageOptions.newBuilder().setHost(host.toString()).setProjectId(firebase.projectId())
                        .setCredentials(NoCredentials.getInstance()).build().getService())
                .orElseGet(() -> {
                    try {
                        return StorageOptions.newBuilder().setProjectId(firebase.projectId())
                                .setCredentials(GoogleCredentials.getApplicationDefault()).build().getService();
                    } catch (IOException e) {
                        throw new UncheckedIOException("no Google application default credentials for Cloud Storage", e);
                    }
                });
    }
}
