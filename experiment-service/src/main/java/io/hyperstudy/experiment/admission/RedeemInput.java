package io.hyperstudy.experiment.admission;

import java.util.Map;

/**
 * The body of {@code POST /api/participants/redeem}: the session and key from the link, the link's
 * recruitment parameters ({@code PROLIFIC_PID}, {@code STUDY_ID}, {@code SESSION_ID}, any named label,
 * {@code role} and the {@code roleKey} of a staff-minted role link), and {@code resume}: the secret that
 * proves a returning participant is the same person: the one the service gave at the first redeem (or
 * staff reissued), or one the participant app made itself and sent with its first redeem (22 to 128
 * URL-safe characters), so that a retried first redeem whose answer was lost finds its participant.
 */
public record RedeemInput(String sessionId, String key, Map<String, String> params, String resume) {
}
