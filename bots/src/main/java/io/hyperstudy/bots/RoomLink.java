package io.hyperstudy.bots;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bot's room socket (docs/sync-protocol.md): frames arrive in a queue, in order, each with the moment it
 * arrived; the close code the server sent, once it closes.
 */
final class RoomLink implements AutoCloseable {
    /** A frame and when it arrived (epoch ms, this machine's clock). */
    record Frame(String text, double receivedAt) {
    }

    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    private RoomLink(HttpClient http, URI uri, String token) {
        this.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .header("Authorization", "Bearer " + token)
                .buildAsync(uri, new Listener()).orTimeout(10, TimeUnit.SECONDS).join();
    }

    static RoomLink open(HttpClient http, URI uri, String token) {
        return new RoomLink(http, uri, token);
    }

    Frame next(long timeoutMs) throws InterruptedException {
        return frames.poll(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** Java's WebSocket takes one outgoing message at a time: sends queue behind each other. */
    synchronized void send(String text) {
        sending = sending.handle((v, e) -> null).thenCompose(v -> socket.sendText(text, true));
    }

    boolean isClosed() {
        return closed.isDone();
    }

    /** The close code the server sent; null while open. */
    Integer closeCode() {
        return closed.getNow(null);
    }

    /** Drops the connection without a goodbye, as a closed tab or a lost network does. */
    @Override
    public void close() {
        socket.abort();
        closed.complete(1006);
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(new Frame(partial.toString(), System.currentTimeMillis()));
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.complete(1006);
        }
    }
}
