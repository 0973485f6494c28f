import { call, withRetry } from './api.js';

/** A response as the API takes it; its client-made id makes a retry harmless (stored once). */
export function response(stateId, componentId, value) {
  return { id: crypto.randomUUID(), stateId, componentId, value, clientTime: Date.now() };
}

/**
 * Sends responses, retrying through network failures with the same ids, so nothing is lost and nothing
 * doubled. A refusal (400, 403, 409) is returned to the caller to show.
 */
export async function send(token, responses) {
  return withRetry(() => call('POST', '/api/participants/me/responses', { token: token(), body: { responses } }),
    { attempts: 8 });
}
