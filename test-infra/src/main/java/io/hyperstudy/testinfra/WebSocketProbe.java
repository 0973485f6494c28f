package io.hyperstudy.testinfra;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real WebSocket client for tests: collects text frames and the close code. */
public final class WebSocketProbe implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private WebSocket socket;
    private volatile Double autoPongOffsetMs;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private static final java.util.regex.Pattern PING_ID =
            java.util.regex.Pattern.compile("\\{\"v\":2,\"type\":\"ping\",\"id\":(\\d+),");

    private WebSocketProbe() {
    }

    /** Opens a socket; headers such as Authorization are sent with the upgrade request. */
    public static WebSocketProbe open(URI uri, Map<String, String> headers) {
        WebSocketProbe probe = new WebSocketProbe();
        WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        probe.socket = builder.buildAsync(uri, probe.new Listener()).orTimeout(15, TimeUnit.SECONDS).join();
        return probe;
    }

    /** The HTTP status with which the server refused the upgrade. */
    public static int refusedStatus(URI uri, Map<String, String> headers) {
        try {
            open(uri, headers).close();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
        throw new AssertionError("the upgrade to " + uri + " was accepted");
    }

    /** The next text frame, or an AssertionError after {@code timeout}. */
    public String next(Duration timeout) {
        try {
            String frame = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                throw new AssertionError("no frame within " + timeout);
            }
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next frame whose text contains {@code marker}, skipping others (e.g. periodic pings). */
    public String nextContaining(String marker, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no frame containing " + marker + " within " + timeout);
            }
            String frame = next(Duration.ofNanos(left));
            if (frame.contains(marker)) {
                return frame;
            }
        }
    }

    /** Frames received so far and not yet taken. */
    public java.util.List<String> drain() {
        var list = new java.util.ArrayList<String>();
        frames.drainTo(list);
        return list;
    }

    /**
     * Answers every sync-protocol ping the moment it arrives, as a client whose clock reads
     * {@code offsetMs} more than this machine's epoch clock would; answered pings are not queued.
     */
    public WebSocketProbe answerPings(double offsetMs) {
        autoPongOffsetMs = offsetMs;
        return this;
    }

    public void send(String text) {
        after(() -> socket.sendText(text, true)).copy().orTimeout(5, TimeUnit.SECONDS).join();
    }

    /**
     * Java's WebSocket takes one outgoing message at a time and refuses another while one is pending
     * ("Send pending"), so the test's sends, the automatic pongs and the close queue behind each other.
     */
    private synchronized CompletableFuture<?> after(java.util.function.Supplier<CompletableFuture<WebSocket>> send) {
        sending = sending.handle((done, failed) -> null).thenCompose(v -> send.get());
        return sending;
    }

    /** The close code the server sent, waiting up to {@code timeout}. */
    public int awaitClose(Duration timeout) {
        return closed.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
    }

    public boolean isOpen() {
        return !socket.isInputClosed() && !closed.isDone();
    }

    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            after(() -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye")).copy().orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                Double offset = autoPongOffsetMs;
                var ping = offset == null ? null : PING_ID.matcher(frame);
                if (ping != null && ping.lookingAt()) {
                    double received = System.currentTimeMillis() + offset;
                    String id = ping.group(1);
                    // stamped when it goes, which may be after a queued send
                    after(() -> ws.sendText("{\"v\":2,\"type\":\"pong\",\"id\":" + id + ",\"clientReceive\":" + received
                            + ",\"clientSend\":" + (System.currentTimeMillis() + offset) + "}", true));
                } else {
                    frames.add(frame);
                }
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
            closed.complete(-1);
        }
    }
}
