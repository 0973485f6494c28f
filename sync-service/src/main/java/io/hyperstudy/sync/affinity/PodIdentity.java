package io.hyperstudy.sync.affinity;

import io.hyperstudy.sync.config.SyncConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Who this pod is in the real-time tier: its id (the StatefulSet pod name, or one made for this process) and
 * the address the gateway reaches it at.
 */
@ApplicationScoped
public class PodIdentity {
    private final String id;
    private final String url;

    @Inject
    PodIdentity(SyncConfig config) {
        var c = ConfigProvider.getConfig();
        id = config.pod().id().orElseGet(() -> "sync-" + c.getValue("quarkus.uuid", String.class).substring(0, 8));
        url = config.pod().url().orElseGet(() -> "http://127.0.0.1:"
                + c.getOptionalValue("quarkus.http.port", Integer.class).orElse(8082));
    }

    public String id() {
        return id;
    }

    public String url() {
        return url;
    }
}
