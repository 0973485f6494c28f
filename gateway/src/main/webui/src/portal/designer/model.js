// The designer's model: the definition as docs/experiment-definition.md describes it, edited in place, and
// turned back into the JSON the API takes (empty fields left out, so a draft says only what was chosen).

export const COMPONENT_TYPES = ['text', 'video', 'image', 'rating', 'questionnaire', 'chat', 'call', 'wait'];
export const END_KINDS = ['allSubmitted', 'timer', 'experimenter'];
export const DROPOUT_POLICIES = ['continue', 'pause', 'endRoom'];
export const RECORDINGS = ['none', 'composite', 'tracks'];
export const QUESTION_KINDS = ['multipleChoice', 'likert', 'freeText'];

/** A new component of a type, with an id unused in the state. */
export function blankComponent(type, taken = []) {
  const id = freeId(type, taken);
  switch (type) {
    case 'text': return { type, id, text: '', continueButton: true };
    case 'video': return { type, id, mediaId: '', synced: true };
    case 'image': return { type, id, mediaId: '', alt: '' };
    case 'rating': return { type, id, prompt: '', scale: 'discrete', min: 1, max: 7, step: 1 };
    case 'questionnaire': return { type, id, questions: [blankQuestion([])] };
    case 'chat': return { type, id, maxLength: 500 };
    case 'call': return { type, id, audio: true, video: true };
    default: return { type, id };
  }
}

export function blankQuestion(taken) {
  return { id: freeId('q', taken.map((q) => q.id)), kind: 'multipleChoice', prompt: '', options: ['yes', 'no'], required: true };
}

export function blankState(states) {
  const id = freeId('state', states.map((s) => s.id));
  return { id, title: '', focus: blankComponent('text'), globals: [], end: { kind: 'allSubmitted' }, dropout: { policy: 'continue' }, recording: 'none' };
}

export function blankRole(roles) {
  return { id: freeId('role', roles.map((r) => r.id)), name: '', count: 1 };
}

export function freeId(base, taken) {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** Moves item i of a list by delta (−1 up, +1 down); out of range does nothing. */
export function move(list, i, delta) {
  const j = i + delta;
  if (j < 0 || j >= list.length) return list;
  const copy = [...list];
  [copy[i], copy[j]] = [copy[j], copy[i]];
  return copy;
}

/** Moves item `from` of a list to position `to` (a drag and drop); out of range does nothing. */
export function moveTo(list, from, to) {
  if (from === to || from < 0 || to < 0 || from >= list.length || to >= list.length) return list;
  const copy = [...list];
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item);
  return copy;
}

/** "a, b ,c" ↔ ["a", "b", "c"] for the fields that are short lists. */
export const toList = (text) => text.split(',').map((x) => x.trim()).filter((x) => x !== '');
export const fromList = (list) => (list ?? []).join(', ');

/** The definition as the API takes it: no empty strings, no empty lists where absence means "all". */
export function clean(value, top = true) {
  if (Array.isArray(value)) return value.map((v) => clean(v, false));
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === '' || v === null || v === undefined || Number.isNaN(v)) continue;
      const kept = k === 'questions' || (top && (k === 'roles' || k === 'states'));
      if (Array.isArray(v) && v.length === 0 && !kept) continue;
      out[k] = clean(v, false);
    }
    return out;
  }
  return value;
}

/** The API's field errors by path ("definition.states[1].focus.mediaId" → message). */
export function errorsByPath(problem) {
  const map = {};
  for (const e of problem?.errors ?? []) map[e.field] = map[e.field] ? `${map[e.field]}; ${e.message}` : e.message;
  return map;
}

/**
 * A refusal's path in the designer's words: "definition.states[0].focus.mediaId" → "State 1 › main part ›
 * mediaId", so the researcher knows where to look without reading JSON.
 */
export function describePath(path, words) {
  return path.replace(/^definition\.?/, '').split('.').filter(Boolean).map((part) => {
    const m = /^(\w+)\[(\d+)\]$/.exec(part);
    if (m) return words.indexed[m[1]] ? words.indexed[m[1]](Number(m[2]) + 1) : `${m[1]} ${Number(m[2]) + 1}`;
    return words.named[part] ?? part;
  }).join(' › ') || words.named.definition;
}
