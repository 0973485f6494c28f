package io.hyperstudy.experiment.store;

/** A write the store refused because the document changed or exists: someone else got there first. */
public class StoreConflict extends RuntimeException {
    public StoreConflict(Throwable cause) {
        super(cause.getMessage(), cause);
    }
}
