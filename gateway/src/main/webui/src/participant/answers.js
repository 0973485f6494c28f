// What a state asks the participant to submit, and whether an answer is complete (docs/responses.md).

/** Submitted with the state: a barrier, a questionnaire, a text with a continue button, a discrete or VAS rating. */
export function submittable(c) {
  return c.type === 'wait' || c.type === 'questionnaire' || (c.type === 'text' && c.continueButton === true)
    || (c.type === 'rating' && c.scale !== 'continuous');
}

/** Whether the participant still owes an answer to this component (a rating unset, a required question open). */
export function missing(component, v) {
  if (component.type === 'rating') return typeof v !== 'number';
  if (component.type === 'questionnaire') {
    return (component.questions ?? []).some((q) => q.required
      && (v?.[q.id] == null || v[q.id] === '' || (Array.isArray(v[q.id]) && v[q.id].length === 0)));
  }
  return false;
}
