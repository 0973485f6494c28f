package io.hyperstudy.experiment.definition;

import io.hyperstudy.model.api.Problem.FieldError;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a definition and names every mistake by its field path ({@code definition.states[2].focus.step}),
 * so the designer can point at the exact input. A draft may lack roles and states; a version to be
 * published may not. Pure: no I/O, so it is the same check wherever it runs.
 */
public final class DefinitionValidator {
    static final Pattern ID = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    static final int MAX_ROLES = 20;
    static final int MAX_ROLE_COUNT = 100;
    static final int MAX_STATES = 200;
    static final int MAX_QUESTIONS = 200;
    static final int MAX_OPTIONS = 50;
    static final int MAX_TEXT = 50_000;
    static final int MAX_LABEL = 1_000;
    static final double MAX_STATE_SECONDS = 24 * 3600;
    static final double MAX_GRACE_SECONDS = 3600;
    static final double MAX_SAMPLE_RATE_HZ = 60;
    static final int MAX_DISCRETE_STEPS = 1_000;

    private final List<FieldError> errors = new ArrayList<>();
    private final Set<String> roleIds = new HashSet<>();
    private final Map<String, String> globalTypes = new HashMap<>();

    private DefinitionValidator() {
    }

    /** Mistakes in a draft. */
    public static List<FieldError> draft(Definition d, String path) {
        DefinitionValidator v = new DefinitionValidator();
        v.definition(d, path);
        return v.errors;
    }

    /** Mistakes that stop a definition from being published: those of a draft, and incompleteness. */
    public static List<FieldError> publishable(Definition d, String path) {
        DefinitionValidator v = new DefinitionValidator();
        v.definition(d, path);
        if (d != null && d.rolesOrEmpty().isEmpty()) {
            v.error(path + ".roles", "needs at least one role to publish");
        }
        if (d != null && d.statesOrEmpty().isEmpty()) {
            v.error(path + ".states", "needs at least one state to publish");
        }
        return v.errors;
    }

    private void definition(Definition d, String path) {
        if (d == null) {
            error(path, "is required");
            return;
        }
        List<Role> roles = d.rolesOrEmpty();
        if (roles.size() > MAX_ROLES) {
            error(path + ".roles", "must have at most " + MAX_ROLES + " roles");
        }
        for (int i = 0; i < roles.size(); i++) {
            role(roles.get(i), path + ".roles[" + i + "]");
        }
        List<State> states = d.statesOrEmpty();
        if (states.size() > MAX_STATES) {
            error(path + ".states", "must have at most " + MAX_STATES + " states");
        }
        Set<String> stateIds = new HashSet<>();
        for (int i = 0; i < states.size(); i++) {
            String at = path + ".states[" + i + "]";
            State s = states.get(i);
            if (s == null) {
                error(at, "must not be null");
                continue;
            }
            if (id(s.id(), at + ".id") && !stateIds.add(s.id())) {
                error(at + ".id", "duplicates the id of an earlier state: " + s.id());
            }
            state(s, at);
        }
        if (d.consent() != null) {
            required(d.consent().text(), path + ".consent.text");
            maxLength(d.consent().text(), MAX_TEXT, path + ".consent.text");
            maxLength(d.consent().acceptLabel(), 100, path + ".consent.acceptLabel");
            maxLength(d.consent().declineLabel(), 100, path + ".consent.declineLabel");
        }
    }

    private void role(Role r, String at) {
        if (r == null) {
            error(at, "must not be null");
            return;
        }
        if (id(r.id(), at + ".id") && !roleIds.add(r.id())) {
            error(at + ".id", "duplicates the id of an earlier role: " + r.id());
        }
        maxLength(r.name(), 100, at + ".name");
        if (r.count() == null) {
            error(at + ".count", "is required: how many participants of this role a room holds");
        } else if (r.count() < 1 || r.count() > MAX_ROLE_COUNT) {
            error(at + ".count", "must be between 1 and " + MAX_ROLE_COUNT);
        }
    }

    private void state(State s, String at) {
        maxLength(s.title(), 200, at + ".title");
        roleRefs(s.rolesOrEmpty(), at + ".roles");
        Set<String> componentIds = new HashSet<>();
        if (s.focus() == null) {
            error(at + ".focus", "is required: every state has a focus component");
        } else {
            component(s.focus(), at + ".focus", componentIds);
        }
        List<Component> globals = s.globalsOrEmpty();
        for (int i = 0; i < globals.size(); i++) {
            String gat = at + ".globals[" + i + "]";
            Component g = globals.get(i);
            if (g instanceof Component.Wait) {
                error(gat + ".type", "a wait component can only be a state's focus");
            }
            component(g, gat, componentIds);
            if (g != null && g.id() != null) {
                String type = g.getClass().getSimpleName();
                String earlier = globalTypes.putIfAbsent(g.id(), type);
                if (earlier != null && !earlier.equals(type)) {
                    error(gat + ".id", "is a " + earlier.toLowerCase() + " in an earlier state; a global id keeps its type across states");
                }
            }
        }
        long syncedVideos = s.components().stream()
                .filter(c -> c instanceof Component.Video v && v.playsInSync()).count();
        if (syncedVideos > 1) {
            error(at, "has " + syncedVideos + " synced videos; a room plays one synced timeline at a time");
        }
        end(s, at + ".end");
        dropout(s.dropout(), at + ".dropout");
        if (s.recordingOrNone() != Recording.NONE
                && s.components().stream().noneMatch(c -> c instanceof Component.Call)) {
            error(at + ".recording", "needs a call component in the state to record");
        }
    }

    private void end(State s, String at) {
        End end = s.end();
        if (end == null || end.kind() == null) {
            error(end == null ? at : at + ".kind", "is required: timer, allSubmitted or experimenter");
            return;
        }
        if (end.kind() == End.Kind.TIMER && end.seconds() == null) {
            error(at + ".seconds", "is required for a timer");
        } else if (end.seconds() != null && (end.seconds() <= 0 || end.seconds() > MAX_STATE_SECONDS)) {
            error(at + ".seconds", "must be greater than 0 and at most " + (long) MAX_STATE_SECONDS);
        }
        if (end.kind() == End.Kind.ALL_SUBMITTED && s.focus() != null && !s.focus().submittable()) {
            error(at + ".kind", "allSubmitted needs a focus component participants submit; this "
                    + s.focus().getClass().getSimpleName().toLowerCase() + " is never submitted");
        }
        if (s.focus() instanceof Component.Wait && end.kind() == End.Kind.TIMER) {
            error(at + ".kind", "a wait state ends when everyone has arrived (allSubmitted) or by the experimenter");
        }
    }

    private void dropout(Dropout d, String at) {
        if (d == null) {
            return;
        }
        if (d.policy() == null) {
            error(at + ".policy", "is required: pause, continue or endRoom");
        } else if (d.policy() == Dropout.Policy.PAUSE) {
            if (d.graceSeconds() == null) {
                error(at + ".graceSeconds", "is required when the room pauses for a dropout");
            } else if (d.graceSeconds() <= 0 || d.graceSeconds() > MAX_GRACE_SECONDS) {
                error(at + ".graceSeconds", "must be greater than 0 and at most " + (long) MAX_GRACE_SECONDS);
            }
        } else if (d.graceSeconds() != null) {
            error(at + ".graceSeconds", "only applies to the pause policy");
        }
    }

    private void component(Component c, String at, Set<String> idsInState) {
        if (c == null) {
            error(at, "must not be null");
            return;
        }
        if (id(c.id(), at + ".id") && !idsInState.add(c.id())) {
            error(at + ".id", "duplicates the id of another component in this state: " + c.id());
        }
        if (c instanceof Component.Text t) {
            required(t.text(), at + ".text");
            maxLength(t.text(), MAX_TEXT, at + ".text");
        } else if (c instanceof Component.Video v) {
            required(v.mediaId(), at + ".mediaId");
            if (v.startSeconds() != null && v.startSeconds() < 0) {
                error(at + ".startSeconds", "must not be negative");
            }
            if (v.endSeconds() != null && v.endSeconds() <= (v.startSeconds() == null ? 0 : v.startSeconds())) {
                error(at + ".endSeconds", "must be after startSeconds");
            }
            if (Boolean.TRUE.equals(v.waitForBuffering()) && !v.playsInSync()) {
                error(at + ".waitForBuffering", "only applies to a synced video");
            }
        } else if (c instanceof Component.Image i) {
            required(i.mediaId(), at + ".mediaId");
            maxLength(i.alt(), MAX_LABEL, at + ".alt");
        } else if (c instanceof Component.Rating r) {
            rating(r, at);
        } else if (c instanceof Component.Questionnaire q) {
            questionnaire(q, at);
        } else if (c instanceof Component.Chat ch) {
            roleRefs(ch.roles() == null ? List.of() : ch.roles(), at + ".roles");
            if (ch.maxLength() != null && (ch.maxLength() < 1 || ch.maxLength() > 5_000)) {
                error(at + ".maxLength", "must be between 1 and 5000");
            }
        } else if (c instanceof Component.Call call) {
            if (Boolean.FALSE.equals(call.audio()) && Boolean.FALSE.equals(call.video())) {
                error(at, "a call needs audio, video or both");
            }
            roleRefs(call.publishRoles() == null ? List.of() : call.publishRoles(), at + ".publishRoles");
        } else if (c instanceof Component.Wait w) {
            maxLength(w.message(), MAX_LABEL, at + ".message");
        }
    }

    private void rating(Component.Rating r, String at) {
        maxLength(r.prompt(), MAX_LABEL, at + ".prompt");
        if (r.scale() == null) {
            error(at + ".scale", "is required: discrete, vas or continuous");
        }
        if (r.min() == null) {
            error(at + ".min", "is required");
        }
        if (r.max() == null) {
            error(at + ".max", "is required");
        }
        boolean range = r.min() != null && r.max() != null;
        if (range && r.min() >= r.max()) {
            error(at + ".max", "must be greater than min");
            range = false;
        }
        if (r.labels() != null && r.labels().size() > 11) {
            error(at + ".labels", "must have at most 11 labels");
        }
        if (r.scale() == Component.Rating.Scale.DISCRETE) {
            if (r.step() == null) {
                error(at + ".step", "is required for a discrete scale");
            } else if (r.step() <= 0) {
                error(at + ".step", "must be greater than 0");
            } else if (range) {
                double steps = (r.max() - r.min()) / r.step();
                if (Math.abs(steps - Math.rint(steps)) > 1e-9) {
                    error(at + ".step", "must divide the range from min to max into whole steps");
                } else if (steps > MAX_DISCRETE_STEPS) {
                    error(at + ".step", "gives more than " + MAX_DISCRETE_STEPS + " steps");
                }
            }
        } else if (r.step() != null) {
            error(at + ".step", "only applies to a discrete scale");
        }
        if (r.scale() == Component.Rating.Scale.CONTINUOUS) {
            if (r.sampleRateHz() == null) {
                error(at + ".sampleRateHz", "is required for a continuous rating");
            } else if (r.sampleRateHz() <= 0 || r.sampleRateHz() > MAX_SAMPLE_RATE_HZ) {
                error(at + ".sampleRateHz", "must be greater than 0 and at most " + (int) MAX_SAMPLE_RATE_HZ);
            }
        } else if (r.sampleRateHz() != null) {
            error(at + ".sampleRateHz", "only applies to a continuous rating");
        }
    }

    private void questionnaire(Component.Questionnaire q, String at) {
        maxLength(q.title(), 200, at + ".title");
        List<Question> questions = q.questions() == null ? List.of() : q.questions();
        if (questions.isEmpty()) {
            error(at + ".questions", "needs at least one question");
        } else if (questions.size() > MAX_QUESTIONS) {
            error(at + ".questions", "must have at most " + MAX_QUESTIONS + " questions");
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < questions.size(); i++) {
            String qat = at + ".questions[" + i + "]";
            Question question = questions.get(i);
            if (question == null) {
                error(qat, "must not be null");
                continue;
            }
            if (id(question.id(), qat + ".id") && !ids.add(question.id())) {
                error(qat + ".id", "duplicates the id of an earlier question: " + question.id());
            }
            required(question.prompt(), qat + ".prompt");
            maxLength(question.prompt(), MAX_LABEL, qat + ".prompt");
            question(question, qat);
        }
    }

    private void question(Question q, String at) {
        if (q.kind() == null) {
            error(at + ".kind", "is required: multipleChoice, likert or freeText");
            return;
        }
        if (q.kind() == Question.Kind.MULTIPLE_CHOICE) {
            List<String> options = q.options() == null ? List.of() : q.options();
            if (options.size() < 2) {
                error(at + ".options", "needs at least two options");
            } else if (options.size() > MAX_OPTIONS) {
                error(at + ".options", "must have at most " + MAX_OPTIONS + " options");
            } else if (new HashSet<>(options).size() != options.size()) {
                error(at + ".options", "must not repeat an option");
            }
        } else if (q.options() != null) {
            error(at + ".options", "only applies to a multipleChoice question");
        }
        if (q.kind() == Question.Kind.LIKERT) {
            if (q.points() == null) {
                error(at + ".points", "is required for a likert question");
            } else if (q.points() < 3 || q.points() > 11) {
                error(at + ".points", "must be between 3 and 11");
            } else if (q.anchors() != null && q.anchors().size() > q.points()) {
                error(at + ".anchors", "must not have more anchors than points");
            }
        }
        if (q.kind() == Question.Kind.FREE_TEXT && q.maxLength() != null
                && (q.maxLength() < 1 || q.maxLength() > 10_000)) {
            error(at + ".maxLength", "must be between 1 and 10000");
        }
    }

    private void roleRefs(List<String> refs, String at) {
        for (int i = 0; i < refs.size(); i++) {
            if (!roleIds.contains(refs.get(i))) {
                error(at + "[" + i + "]", "names no role of this experiment: " + refs.get(i));
            }
        }
    }

    private boolean id(String id, String at) {
        if (id == null || id.isBlank()) {
            error(at, "is required");
            return false;
        }
        if (!ID.matcher(id).matches()) {
            error(at, "must start with a letter and hold at most 64 letters, digits, '-' or '_'");
            return false;
        }
        return true;
    }

    private void required(String value, String at) {
        if (value == null || value.isBlank()) {
            error(at, "is required");
        }
    }

    private void maxLength(String value, int max, String at) {
        if (value != null && value.length() > max) {
            error(at, "must be at most " + max + " characters");
        }
    }

    private void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }
}
