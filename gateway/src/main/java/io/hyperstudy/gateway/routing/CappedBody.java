package io.hyperstudy.gateway.routing;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A request body that may not exceed {@code limit} bytes: past it, the stream fails with
 * {@link TooLarge} instead of delivering more, so a chunked body of unknown length is cut off at the
 * limit, never held.
 */
final class CappedBody implements ReadStream<Buffer> {
    private final ReadStream<Buffer> body;
    private final long limit;
    private long read;
    private Handler<Throwable> exceptionHandler;
    private boolean failed;

    /** The body went past its route's limit. */
    static final class TooLarge extends RuntimeException {
        final long limit;

        TooLarge(long limit) {
            super("the request body exceeds " + limit + " bytes", null, false, false);
            this.limit = limit;
        }
    }

    CappedBody(ReadStream<Buffer> body, long limit) {
        this.body = body;
        this.limit = limit;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        exceptionHandler = handler;
        body.exceptionHandler(handler);
        return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        if (handler == null) {
            body.handler(null);
            return this;
        }
        body.handler(chunk -> {
            if (failed) {
                return;
            }
            read += chunk.length();
            if (read > limit) {
                failed = true;
                body.pause();
                if (exceptionHandler != null) {
                    exceptionHandler.handle(new TooLarge(limit));
                }
                return;
            }
            handler.handle(chunk);
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        body.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        if (!failed) {
            body.resume();
        }
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        if (!failed) {
            body.fetch(amount);
        }
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        body.endHandler(v -> {
            if (!failed && endHandler != null) {
                endHandler.handle(v);
            }
        });
        return this;
    }
}
