package io.hyperstudy.experiment.api;

import io.hyperstudy.experiment.definition.Definition;
import io.hyperstudy.experiment.definition.DefinitionValidator;
import io.hyperstudy.model.api.Problem.FieldError;

import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /api/experiments} and {@code PUT /api/experiments/{id}}: the title, the
 * description and the draft definition (absent: an empty draft).
 */
public record ExperimentInput(String title, String description, Definition definition) {
    static final int TITLE_MAX = 200;
    static final int DESCRIPTION_MAX = 10_000;

    List<FieldError> errors() {
        List<FieldError> errors = new ArrayList<>();
        if (title == null || title.isBlank()) {
            errors.add(new FieldError("title", "is required"));
        } else if (title.length() > TITLE_MAX) {
            errors.add(new FieldError("title", "must be at most " + TITLE_MAX + " characters"));
        }
        if (description != null && description.length() > DESCRIPTION_MAX) {
            errors.add(new FieldError("description", "must be at most " + DESCRIPTION_MAX + " characters"));
        }
        if (definition != null) {
            errors.addAll(DefinitionValidator.draft(definition, "definition"));
        }
        return errors;
    }
}
