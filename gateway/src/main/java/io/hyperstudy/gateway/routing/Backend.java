package io.hyperstudy.gateway.routing;

/** The services behind the gateway. */
public enum Backend {
    EXPERIMENT("experiment-service"),
    SYNC("sync-service"),
    MEDIA("media-service");

    private final String serviceName;

    Backend(String serviceName) {
        this.serviceName = serviceName;
    }

    public String serviceName() {
        return serviceName;
    }
}
