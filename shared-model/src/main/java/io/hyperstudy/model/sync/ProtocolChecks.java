package io.hyperstudy.model.sync;

final class ProtocolChecks {
    private ProtocolChecks() {
    }

    static void required(Object value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
    }

    static void finite(Double value, String field) {
        required(value, field);
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " must be a finite number");
        }
    }
}
