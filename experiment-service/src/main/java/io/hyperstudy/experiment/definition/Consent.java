package io.hyperstudy.experiment.definition;

/**
 * The consent form a participant reads before they join the line: {@code text} in Markdown, and the
 * wording of the two buttons (the app's own when absent). Declining ends their part with the
 * {@code noConsent} outcome and its code.
 */
public record Consent(String text, String acceptLabel, String declineLabel) {
}
