package io.hyperstudy.experiment.participant;

import java.util.Map;

/**
 * The body of {@code POST /api/participants/redeem}: the session and key from the link, and the link's
 * recruitment parameters ({@code PROLIFIC_PID}, {@code STUDY_ID}, {@code SESSION_ID}, any named label).
 */
public record RedeemInput(String sessionId, String key, Map<String, String> params) {
}
