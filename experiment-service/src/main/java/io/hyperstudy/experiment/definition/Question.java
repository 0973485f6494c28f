package io.hyperstudy.experiment.definition;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * One question of a questionnaire: {@code multipleChoice} over {@code options} (several answers if
 * {@code multiple}), {@code likert} on {@code points} points with optional {@code anchors}, or
 * {@code freeText} up to {@code maxLength} characters.
 */
public record Question(String id, Kind kind, String prompt, Boolean required, List<String> options,
                       Boolean multiple, Integer points, List<String> anchors, Integer maxLength) {

    public enum Kind {
        @JsonProperty("multipleChoice") MULTIPLE_CHOICE,
        @JsonProperty("likert") LIKERT,
        @JsonProperty("freeText") FREE_TEXT
    }
}
