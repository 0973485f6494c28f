// Calls to the platform through the gateway. A refusal is thrown as a Problem (RFC 7807), a network failure
// as a Problem with status 0, so screens handle both the same way.

export class Problem extends Error {
  constructor(status, title, detail, errors = [], type = 'about:blank') {
    super(detail || title);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.errors = errors;
    this.type = type;
  }
}

export async function call(method, path, { token, body, signal, headers: extra = {} } = {}) {
  const headers = { Accept: 'application/json, application/problem+json', ...extra };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new Problem(0, 'Network error', e.message);
  }
  const text = await response.text();
  const json = text ? safeParse(text) : null;
  if (!response.ok) {
    throw new Problem(response.status, json?.title ?? response.statusText, json?.detail ?? '', json?.errors ?? [],
      json?.type ?? 'about:blank');
  }
  return json;
}

function safeParse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Retries a call that failed for want of a network or a service (0, 502-504, 429), with backoff. */
export async function withRetry(fn, { attempts = 5, baseMs = 500, onRetry } = {}) {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (e) {
      const transient = e instanceof Problem && (e.status === 0 || e.status === 429 || e.status >= 502);
      if (!transient || i + 1 >= attempts) throw e;
      onRetry?.(e, i + 1);
      await sleep(Math.min(8000, baseMs * 2 ** i) * (0.75 + Math.random() / 2));
    }
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long to wait before reconnecting a socket: 0.5 s, 1 s, 2 s … up to 10 s, with jitter. */
export const reconnectDelay = (attempt) => Math.min(10_000, 500 * 2 ** attempt) * (0.75 + Math.random() / 2);
