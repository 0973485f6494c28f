package io.hyperstudy.experiment.participant;

/** The participant's answer to the consent form. */
public record ConsentInput(Boolean accepted) {
}
