package io.hyperstudy.experiment.response;

import com.fasterxml.jackson.databind.JsonNode;
import io.hyperstudy.experiment.definition.Component;
import io.hyperstudy.experiment.definition.Question;
import io.hyperstudy.model.api.Problem.FieldError;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a response value against the component it answers: a rating within its scale, a
 * questionnaire's answers against its questions, a chat message within its length. Pure.
 */
public final class ResponseValidator {
    static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final int MAX_VALUE_CHARS = 16_384;

    private ResponseValidator() {
    }

    public static List<FieldError> check(Component c, JsonNode value, String at) {
        List<FieldError> errors = new ArrayList<>();
        if (value != null && value.toString().length() > MAX_VALUE_CHARS) {
            errors.add(new FieldError(at, "must be at most " + MAX_VALUE_CHARS + " characters of JSON"));
            return errors;
        }
        if (c instanceof Component.Rating r) {
            rating(r, value, at, errors);
        } else if (c instanceof Component.Questionnaire q) {
            questionnaire(q, value, at, errors);
        } else if (c instanceof Component.Chat chat) {
            int max = chat.maxLength() == null ? 5_000 : chat.maxLength();
            JsonNode text = chatNode(value);
            if (text == null || !text.isTextual() || text.asText().isBlank()) {
                errors.add(new FieldError(at, "must be a message: {\"text\": \"...\"}"));
            } else if (text.asText().length() > max) {
                errors.add(new FieldError(at, "must be at most " + max + " characters"));
            }
        } else if (c instanceof Component.Video || c instanceof Component.Image || c instanceof Component.Call) {
            errors.add(new FieldError(at, "a " + c.getClass().getSimpleName().toLowerCase() + " takes no responses"));
        }
        // text (continue) and wait (arrival) are acknowledgements: any value, usually null
        return errors;
    }

    private static void rating(Component.Rating r, JsonNode value, String at, List<FieldError> errors) {
        if (value == null || !value.isNumber()) {
            errors.add(new FieldError(at, "must be a number"));
            return;
        }
        double v = value.asDouble();
        if (v < r.min() || v > r.max()) {
            errors.add(new FieldError(at, "must be between " + r.min() + " and " + r.max()));
        } else if (r.scale() == Component.Rating.Scale.DISCRETE) {
            double steps = (v - r.min()) / r.step();
            if (Math.abs(steps - Math.rint(steps)) > 1e-9) {
                errors.add(new FieldError(at, "must be on the scale's steps of " + r.step()));
            }
        }
    }

    private static void questionnaire(Component.Questionnaire q, JsonNode value, String at, List<FieldError> errors) {
        if (value == null || !value.isObject()) {
            errors.add(new FieldError(at, "must be an object of answers by question id"));
            return;
        }
        value.fieldNames().forEachRemaining(name -> {
            if (q.questions().stream().noneMatch(question -> question.id().equals(name))) {
                errors.add(new FieldError(at + "." + name, "is not a question of this questionnaire"));
            }
        });
        for (Question question : q.questions()) {
            JsonNode answer = value.get(question.id());
            String qat = at + "." + question.id();
            if (answer == null || answer.isNull()) {
                if (Boolean.TRUE.equals(question.required())) {
                    errors.add(new FieldError(qat, "is required"));
                }
                continue;
            }
            switch (question.kind()) {
                case MULTIPLE_CHOICE -> {
                    List<JsonNode> picked = new ArrayList<>();
                    if (answer.isArray() && Boolean.TRUE.equals(question.multiple())) {
                        answer.forEach(picked::add);
                    } else {
                        picked.add(answer);
                    }
                    for (JsonNode p : picked) {
                        if (!p.isTextual() || !question.options().contains(p.asText())) {
                            errors.add(new FieldError(qat, "must be one of " + question.options()));
                            break;
                        }
                    }
                }
                case LIKERT -> {
                    if (!answer.isIntegralNumber() || answer.asInt() < 1 || answer.asInt() > question.points()) {
                        errors.add(new FieldError(qat, "must be a whole number from 1 to " + question.points()));
                    }
                }
                case FREE_TEXT -> {
                    int max = question.maxLength() == null ? 10_000 : question.maxLength();
                    if (!answer.isTextual() || answer.asText().length() > max) {
                        errors.add(new FieldError(qat, "must be text of at most " + max + " characters"));
                    }
                }
            }
        }
    }

    /** A chat message's text: the value itself, or its {@code text} field. */
    public static String chatText(JsonNode value) {
        JsonNode text = chatNode(value);
        return text == null ? null : text.asText();
    }

    private static JsonNode chatNode(JsonNode value) {
        return value == null ? null : value.isTextual() ? value : value.get("text");
    }
}
