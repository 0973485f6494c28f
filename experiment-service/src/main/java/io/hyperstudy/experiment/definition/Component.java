package io.hyperstudy.experiment.definition;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.eclipse.microprofile.openapi.annotations.media.DiscriminatorMapping;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;

import java.util.List;

/**
 * Something a participant sees or does in a state, named by {@code type} in JSON. Every component has
 * an id, unique within its state, under which its responses are recorded.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Component.Text.class, name = "text"),
        @JsonSubTypes.Type(value = Component.Video.class, name = "video"),
        @JsonSubTypes.Type(value = Component.Image.class, name = "image"),
        @JsonSubTypes.Type(value = Component.Rating.class, name = "rating"),
        @JsonSubTypes.Type(value = Component.Questionnaire.class, name = "questionnaire"),
        @JsonSubTypes.Type(value = Component.Chat.class, name = "chat"),
        @JsonSubTypes.Type(value = Component.Call.class, name = "call"),
        @JsonSubTypes.Type(value = Component.Wait.class, name = "wait")
})
@Schema(description = "A component of a state, named by its type", discriminatorProperty = "type",
        oneOf = {Component.Text.class, Component.Video.class, Component.Image.class, Component.Rating.class,
                Component.Questionnaire.class, Component.Chat.class, Component.Call.class, Component.Wait.class},
        discriminatorMapping = {
                @DiscriminatorMapping(value = "text", schema = Component.Text.class),
                @DiscriminatorMapping(value = "video", schema = Component.Video.class),
                @DiscriminatorMapping(value = "image", schema = Component.Image.class),
                @DiscriminatorMapping(value = "rating", schema = Component.Rating.class),
                @DiscriminatorMapping(value = "questionnaire", schema = Component.Questionnaire.class),
                @DiscriminatorMapping(value = "chat", schema = Component.Chat.class),
                @DiscriminatorMapping(value = "call", schema = Component.Call.class),
                @DiscriminatorMapping(value = "wait", schema = Component.Wait.class)})
public sealed interface Component {

    String id();

    /** Whether a participant submits this component, which is what an {@code allSubmitted} state waits for. */
    boolean submittable();

    /** Instructions or any text (Markdown); with {@code continueButton} the participant submits by reading on. */
    @Schema(name = "TextComponent", requiredProperties = {"type", "id"},
            properties = @SchemaProperty(name = "type", enumeration = "text"))
    record Text(String id, String text, Boolean continueButton) implements Component {
        public boolean submittable() {
            return Boolean.TRUE.equals(continueButton);
        }
    }

    /**
     * A video asset. A {@code synced} video plays on the same frame for everyone in the room, driven
     * by sync-service from the state's start time; {@code startSeconds}/{@code endSeconds} cut a clip.
     * With {@code waitForBuffering} the room pauses while any player is buffering and plays on together;
     * without it the room never stalls for one client, who is brought back in when ready.
     */
    @Schema(name = "VideoComponent", requiredProperties = {"type", "id"},
            properties = @SchemaProperty(name = "type", enumeration = "video"))
    record Video(String id, String mediaId, Boolean synced, Double startSeconds, Double endSeconds,
                 Boolean muted, Boolean waitForBuffering) implements Component {
        public boolean submittable() {
            return false;
        }

        public boolean playsInSync() {
            return !Boolean.FALSE.equals(synced);
        }
    }

    @Schema(name = "ImageComponent", requiredProperties = {"type", "id"},
            properties = @SchemaProperty(name = "type", enumeration = "image"))
    record Image(String id, String mediaId, String alt) implements Component {
        public boolean submittable() {
            return false;
        }
    }

    /**
     * A rating: {@code discrete} steps between min and max, a visual-analogue scale ({@code vas}), or a
     * {@code continuous} rating sampled at {@code sampleRateHz} for as long as the state lasts (for
     * example along a video). {@code labels} anchor the scale's ends (and middle, if three).
     */
    @Schema(name = "RatingComponent", requiredProperties = {"type", "id"},
            properties = @SchemaProperty(name = "type", enumeration = "rating"))
    record Rating(String id, String prompt, Scale scale, Double min, Double max, Double step, List<String> labels,
                  Double sampleRateHz) implements Component {
        public boolean submittable() {
            return scale != Scale.CONTINUOUS;
        }

        public enum Scale {
            @JsonProperty("discrete") DISCRETE,
            @JsonProperty("vas") VAS,
            @JsonProperty("continuous") CONTINUOUS
        }
    }

    @Schema(name = "QuestionnaireComponent", requiredProperties = {"type", "id"},
            properties = @SchemaProperty(name = "type", enumeration = "questionnaire"))
    record Questionnaire(String id, String title, List<Question> questions) implements Component {
        public boolean submittable() {
            return true;
        }
    }

    /** Text chat among the room; {@code roles} limits who may write (empty: everyone). */
    @Schema(name = "ChatComponent", requiredProperties = {"type", "id"},
            properties = @SchemaProperty(name = "type", enumeration = "chat"))
    record Chat(String id, List<String> roles, Integer maxLength) implements Component {
        public boolean submittable() {
            return false;
        }
    }

    /** An audio/video call through LiveKit; {@code publishRoles} may speak and be seen (empty: everyone). */
    @Schema(name = "CallComponent", requiredProperties = {"type", "id"},
            properties = @SchemaProperty(name = "type", enumeration = "call"))
    record Call(String id, Boolean audio, Boolean video, List<String> publishRoles) implements Component {
        public boolean submittable() {
            return false;
        }
    }

    /** A barrier: a participant who reaches it submits by arriving, so the state ends when all are there. */
    @Schema(name = "WaitComponent", requiredProperties = {"type", "id"},
            properties = @SchemaProperty(name = "type", enumeration = "wait"))
    record Wait(String id, String message) implements Component {
        public boolean submittable() {
            return true;
        }
    }
}
