package io.hyperstudy.experiment.session;

import java.util.Map;

/**
 * How a session runs. {@code labelParameter} names the recruitment parameter that identifies a person
 * (Prolific's {@code PROLIFIC_PID} by default), so the same person coming back gets their place back.
 * {@code completionUrl} may hold {@code {code}}, replaced with the code of the participant's outcome;
 * {@code codes} maps outcome names (completed, timedOut, dropped, ended, noConsent) to codes.
 */
public record SessionSettings(Matching matching, Integer waitingTimeoutSeconds, Integer graceSeconds,
                              String completionUrl, Map<String, String> codes, String labelParameter,
                              Integer maxParticipants) {
    public static final int DEFAULT_WAITING_TIMEOUT = 600;
    public static final int DEFAULT_GRACE = 60;
    public static final String DEFAULT_LABEL_PARAMETER = "PROLIFIC_PID";

    /** These settings with every absent value at its default. */
    public SessionSettings withDefaults() {
        return new SessionSettings(matching == null ? Matching.FIRST_COME : matching,
                waitingTimeoutSeconds == null ? DEFAULT_WAITING_TIMEOUT : waitingTimeoutSeconds,
                graceSeconds == null ? DEFAULT_GRACE : graceSeconds, completionUrl,
                codes == null ? Map.of() : Map.copyOf(codes),
                labelParameter == null ? DEFAULT_LABEL_PARAMETER : labelParameter, maxParticipants);
    }

    public String codeFor(Outcome outcome) {
        return codes.get(outcome.wireName());
    }

    public String completionUrlFor(Outcome outcome) {
        String code = codes.get(outcome.wireName());
        if (completionUrl == null) {
            return null;
        }
        return completionUrl.replace("{code}", code == null ? "" : code);
    }
}
