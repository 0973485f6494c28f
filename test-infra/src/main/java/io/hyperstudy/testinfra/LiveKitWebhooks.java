package io.hyperstudy.testinfra;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import livekit.LivekitWebhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Sends webhooks as the LiveKit server does: the event as protobuf JSON in a POST with content type
 * {@code application/webhook+json}, and in {@code Authorization} (no scheme) an HS256 JWT issued by the API
 * key whose {@code sha256} claim is the base64 SHA-256 of the body. Events go out one at a time, in order.
 */
public final class LiveKitWebhooks implements AutoCloseable {
    public static final String CONTENT_TYPE = "application/webhook+json";

    /** One delivery: the event name, the egress or participant it was about, and the receiver's status. */
    public record Delivery(String event, String subject, int status) {
    }

    private final String apiKey;
    private final String apiSecret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "livekit-standin-webhooks");
        t.setDaemon(true);
        return t;
    });
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private volatile URI target;

    LiveKitWebhooks(String apiKey, String apiSecret) {
        this.apiKey = apiKey;
        this.apiSecret = apiSecret;
    }

    /** Where webhooks go, as LiveKit's {@code webhook.urls}; none are sent before this is set. */
    public void sendTo(URI url) {
        target = url;
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** The {@code Authorization} value LiveKit sends with {@code body}. */
    public static String token(String apiKey, String apiSecret, String body) {
        return JWT.create().withIssuer(apiKey)
                .withNotBefore(Instant.now().minusSeconds(1))
                .withExpiresAt(Instant.now().plus(Duration.ofMinutes(5)))
                .withClaim("sha256", sha256(body))
                .sign(Algorithm.HMAC256(apiSecret));
    }

    public static String json(LivekitWebhook.WebhookEvent event) {
        try {
            return JsonFormat.printer().print(event);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends {@code event} after the ones before it; failures are recorded, not retried. */
    void send(LivekitWebhook.WebhookEvent event) {
        URI url = target;
        if (url == null) {
            return;
        }
        sender.execute(() -> {
            String body = json(event);
            String subject = event.hasEgressInfo() ? event.getEgressInfo().getEgressId() : event.getParticipant().getIdentity();
            int status;
            try {
                status = http.send(HttpRequest.newBuilder(url)
                                .header("Content-Type", CONTENT_TYPE)
                                .header("Authorization", token(apiKey, apiSecret, body))
                                .timeout(Duration.ofSeconds(10))
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (Exception e) {
                status = -1;
            }
            deliveries.add(new Delivery(event.getEvent(), subject, status));
        });
    }

    private static String sha256(String body) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        sender.shutdownNow();
    }
}
