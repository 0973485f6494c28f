package io.hyperstudy.experiment.store;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.cloud.FirestoreClient;
import io.hyperstudy.experiment.config.ExperimentServiceConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;

@ApplicationScoped
public class FirestoreProducer {

    @Produces
    @Singleton
    Firestore firestore(ExperimentServiceConfig config) {
        var cfg = config.firestore();
        if (cfg.emulatorHost().isPresent()) {
            // the emulator accepts any caller; Google credentials would only slow start-up
            return FirestoreOptions.newBuilder()
                    .setProjectId(cfg.projectId())
                    .setEmulatorHost(cfg.emulatorHost().get())
                    .setCredentials(new FirestoreOptions.EmulatorCredentials())
                    .build()
                    .getService();
        }
        try {
            FirebaseApp app = FirebaseApp.getApps().isEmpty()
                    ? FirebaseApp.initializeApp(FirebaseOptions.builder()
                            .setCredentials(GoogleCredentials.getApplicationDefault())
                            .setProjectId(cfg.projectId())
                            .build())
                    : FirebaseApp.getInstance();
            return FirestoreClient.getFirestore(app);
        } catch (IOException e) {
            throw new UncheckedIOException("no Google application default credentials for Firestore", e);
        }
    }

    void close(@Disposes Firestore firestore) throws Exception {
        firestore.close();
    }
}
