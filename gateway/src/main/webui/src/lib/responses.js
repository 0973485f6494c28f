import { call, withRetry, Problem } from './api.js';

/** A response as the API takes it; its client-made id makes a retry harmless (stored once). */
export function response(stateId, componentId, value) {
  return { id: crypto.randomUUID(), stateId, componentId, value, clientTime: Date.now() };
}

const MAX_BATCH = 100;
const pendingKey = (participantId) => `hyperstudy:pending:${participantId}`;

/**
 * Sends responses, retrying through network failures with the same ids, so nothing is lost and nothing
 * doubled. Until the service has them they are kept in this browser too, so a reload or a crash sends them
 * again ({@link resendPending}). A refusal (400, 403, 409) is thrown to the caller to show, and not kept.
 */
export async function send(token, responses, participantId) {
  keep(participantId, responses);
  try {
    for (let i = 0; i < responses.length; i += MAX_BATCH) {
      const batch = responses.slice(i, i + MAX_BATCH);
      await withRetry(() => call('POST', '/api/participants/me/responses', { token: token(), body: { responses: batch } }),
        { attempts: 8 });
      forget(participantId, batch);
    }
  } catch (e) {
    if (e instanceof Problem && e.status >= 400 && e.status < 500 && e.status !== 429) forget(participantId, responses);
    throw e;
  }
}

/** Sends what an earlier page kept and could not deliver. Refused ones are dropped: the state is over. */
export async function resendPending(token, participantId) {
  const left = read(participantId);
  if (left.length === 0) return 0;
  try {
    await send(token, left, participantId);
  } catch {
    // refused (dropped) or still unreachable (kept for the next try)
  }
  return left.length;
}

/** What this browser still holds for the service. */
export function pendingResponses(participantId) {
  return read(participantId);
}

function read(participantId) {
  try {
    return JSON.parse(localStorage.getItem(pendingKey(participantId)) ?? '[]');
  } catch {
    return [];
  }
}

function write(participantId, list) {
  try {
    if (list.length === 0) localStorage.removeItem(pendingKey(participantId));
    else localStorage.setItem(pendingKey(participantId), JSON.stringify(list));
  } catch {
    // storage full or blocked: the responses are still retried while the page lives
  }
}

function keep(participantId, responses) {
  if (!participantId) return;
  const list = read(participantId);
  const ids = new Set(list.map((r) => r.id));
  write(participantId, [...list, ...responses.filter((r) => !ids.has(r.id))]);
}

function forget(participantId, responses) {
  if (!participantId) return;
  const gone = new Set(responses.map((r) => r.id));
  write(participantId, read(participantId).filter((r) => !gone.has(r.id)));
}

const sentKey = (participantId, stateId) => `hyperstudy:sent:${participantId}:${stateId}`;

/** Remembers, for this tab, what the participant sent in a state, so a reload shows it as sent. */
export function rememberSent(participantId, stateId, values) {
  try {
    sessionStorage.setItem(sentKey(participantId, stateId), JSON.stringify(values));
  } catch {
    // not kept: a reload shows "sent" without the answers
  }
}

export function sentValues(participantId, stateId) {
  try {
    return JSON.parse(sessionStorage.getItem(sentKey(participantId, stateId)) ?? 'null');
  } catch {
    return null;
  }
}
