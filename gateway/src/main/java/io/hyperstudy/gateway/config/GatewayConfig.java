package io.hyperstudy.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "hyperstudy.gateway")
public interface GatewayConfig {

    /** Base URL of experiment-service. */
    URI experimentUrl();

    /** Base URL of sync-service (one instance until room affinity arrives). */
    URI syncUrl();

    /** Base URL of media-service. */
    URI mediaUrl();

    /** experiment-service's management interface (health, OpenAPI); default: its host on {@link #managementPort()}. */
    Optional<URI> experimentManagementUrl();

    Optional<URI> syncManagementUrl();

    Optional<URI> mediaManagementUrl();

    /** The port of the services' management interfaces when no management URL is given. */
    @WithDefault("9000")
    int managementPort();

    /** How long to wait for a backend to accept a connection before answering 503. */
    @WithDefault("2s")
    Duration connectTimeout();

    /** How long a backend may stay silent during a request before the gateway answers 504. */
    @WithDefault("30s")
    Duration readTimeout();

    /**
     * Room sockets the gateway holds open to one sync pod at most; those beyond wait for one to close. Above any
     * pod's capacity (HYPERSTUDY_SYNC_POD_CAPACITY, 5,000): Vert.x's own default, 50 per pod, held every
     * socket past the 50th of a pod waiting, unanswered.
     */
    @WithDefault("20000")
    int maxSocketsPerPod();

    /** WebSocket sub-protocols the gateway accepts from browsers (they carry the bearer token alongside). */
    @WithDefault("bearer-token-carrier")
    List<String> websocketSubprotocols();

    /** Longest request URI (path and query) passed on; longer ones get 414. */
    @WithDefault("8192")
    int maxUriLength();

    Bodies bodies();

    Throttle throttle();

    Portal portal();

    /**
     * How the researchers' portal signs staff in: an OIDC provider's issuer and the portal's public client
     * (authorization code with PKCE in the browser), or Firebase Authentication through its own web SDK.
     * Served to the browser at {@code /portal/config}.
     */
    interface Portal {
        /** {@code oidc} (any OIDC provider: Keycloak locally) or {@code firebase} (Firebase Authentication). */
        @WithDefault("oidc")
        Provider provider();

        /** Firebase Authentication's web configuration, when {@code provider} is {@code firebase}. */
        Firebase firebase();

        enum Provider { oidc, firebase }

        /**
         * The public web app configuration Firebase's console shows (none of it is secret: the browser sees it
         * all), and which sign-in methods the portal offers.
         */
        interface Firebase {
            Optional<String> apiKey();

            Optional<String> authDomain();

            Optional<String> projectId();

            /** {@code password} (e-mail and password) and/or {@code google} (Google accounts, by redirect). */
            @WithDefault("password,google")
            java.util.List<String> signInMethods();

            /**
             * The Firebase Auth emulator (or a stand-in for it) the SDK talks to instead of Google: local
             * development and tests only.
             */
            Optional<URI> emulatorUrl();
        }

        /** The OIDC issuer (e.g. a Keycloak realm's URL); without it the portal says sign-in is not set up. */
        Optional<URI> oidcIssuer();

        /** The public client the portal signs in as. */
        @WithDefault("hyperstudy-web")
        String oidcClientId();

        /** Scopes asked for. */
        @WithDefault("openid profile email")
        String oidcScope();
    }

    /** Request body limits per route class (uploads are limited by media-service, up to 2 GiB). */
    interface Bodies {
        /** Redeeming a link: a session id, a key and a few recruitment parameters. */
        @WithDefault("16K")
        io.quarkus.runtime.configuration.MemorySize redeem();

        /** The participant API: up to 100 responses at once. */
        @WithDefault("512K")
        io.quarkus.runtime.configuration.MemorySize participant();

        /** Webhooks (media-service reads at most 1 MiB before checking their signature). */
        @WithDefault("1M")
        io.quarkus.runtime.configuration.MemorySize webhook();

        /** Everything else: experiment definitions are the largest. */
        @WithDefault("2M")
        io.quarkus.runtime.configuration.MemorySize api();
    }

    /**
     * Rate limits per client address and per token, counted in Redis over a fixed window so they hold across
     * gateway replicas. Sized for a 100-participant session behind one NAT (a lab): every participant
     * redeeming within seconds, heartbeating every two seconds and sending responses, from one address.
     */
    interface Throttle {
        @WithDefault("true")
        boolean enabled();

        /** The counting window. */
        @WithDefault("1m")
        Duration window();

        /** How long a count may take before Redis is treated as down (fail open, but for redeems). */
        @WithDefault("1s")
        Duration redisTimeout();

        @WithDefault("600")
        int redeemPerAddress();

        @WithDefault("12000")
        int participantPerAddress();

        @WithDefault("300")
        int participantPerToken();

        @WithDefault("12000")
        int mediaPerAddress();

        @WithDefault("1200")
        int mediaPerToken();

        @WithDefault("300")
        int uploadPerAddress();

        @WithDefault("120")
        int uploadPerToken();

        @WithDefault("6000")
        int webhookPerAddress();

        @WithDefault("1200")
        int socketPerAddress();

        /** Staff watching many rooms open a socket per room; a participant's reloads open a few. */
        @WithDefault("300")
        int socketPerToken();

        @WithDefault("3000")
        int apiPerAddress();

        @WithDefault("1200")
        int apiPerToken();
    }

    /** The management interface of {@code backend}, from its URL or its base URL's host. */
    default URI managementUrl(URI base, Optional<URI> given) {
        return given.orElseGet(() -> URI.create(base.getScheme() + "://" + base.getHost() + ":" + managementPort()));
    }
}
