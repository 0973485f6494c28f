package io.hyperstudy.media.livekit;

import retrofit2.Call;
import retrofit2.Response;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One call to LiveKit's server API (Twirp), answered with its body. A refusal LiveKit will repeat (Twirp
 * {@code not_found} 404, {@code failed_precondition} 412, {@code invalid_argument} 400) is a
 * {@link LiveKitRefused}; anything else (LiveKit unreachable, 5xx) an {@link UncheckedIOException}, worth
 * retrying.
 */
public final class LiveKitCalls {
    private LiveKitCalls() {
    }

    static <T> T call(Call<T> call, String method) {
        try {
            Response<T> answer = call.execute();
            if (answer.isSuccessful()) {
                return answer.body();
            }
            if (answer.code() == 404 || answer.code() == 412 || answer.code() == 400) {
                throw new LiveKitRefused(method + " refused (" + answer.code() + "): " + answer.message());
            }
            throw new UncheckedIOException(new IOException("LiveKit " + method + " answered " + answer.code()
                    + ": " + answer.message()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** LiveKit refused a call for a reason that will not pass with time. */
    public static class LiveKitRefused extends RuntimeException {
        LiveKitRefused(String message) {
            super(message);
        }
    }
}
