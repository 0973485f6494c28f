package io.hyperstudy.experiment.store;

/** The store did not answer in time or refused the call; the request changed nothing it can vouch for. */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(Throwable cause) {
        super("the experiment store is unavailable", cause);
    }
}
