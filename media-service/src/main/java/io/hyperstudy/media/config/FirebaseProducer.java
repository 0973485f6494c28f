package io.hyperstudy.media.config;

import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.cloud.FirestoreClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The Firebase app (application default credentials) and its Firestore, or the emulator's. */
@ApplicationScoped
public class FirebaseProducer {

    /** The default Firebase app; made on first use, as the emulator needs none. */
    private static synchronized FirebaseApp app(String projectId) {
        if (!FirebaseApp.getApps().isEmpty()) {
            return FirebaseApp.getInstance();
        }
        try {
            return FirebaseApp.initializeApp(FirebaseOptions.builder()
                    .setCredentials(GoogleCredentials.getApplicationDefault())
                    .setProjectId(projectId)
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException("no Google application default credentials for Firebase", e);
        }
    }

    @Produces
    @Singleton
    Firestore firestore(FirebaseConfig config) {
        if (config.emulatorHost().isPresent()) {
            // the emulator accepts any caller; Google credentials would only slow start-up
            return FirestoreOptions.newBuilder()
                    .setProjectId(config.projectId())
                    .setEmulatorHost(config.emulatorHost().get())
                    .setCredentials(new FirestoreOptions.EmulatorCredentials())
                    .build()
                    .getService();
        }
        return FirestoreClient.getFirestore(app(config.projectId()));
    }

    void close(@Disposes Firestore firestore) throws Exception {
        firestore.close();
    }
}
