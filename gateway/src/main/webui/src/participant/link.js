// What a recruitment link says, and what this browser keeps to come back as the same participant.

const RESERVED = new Set(['key', 'resume']);

/** The session, key, resume secret (a staff resume link carries one) and recruitment parameters of a join URL. */
export function parseJoinLink(location) {
  const match = /^\/join\/([^/]+)\/?$/.exec(location.pathname);
  if (!match) return null;
  const query = new URLSearchParams(location.search);
  const params = {};
  for (const [name, value] of query) {
    if (!RESERVED.has(name)) params[name] = value;
  }
  return { sessionId: decodeURIComponent(match[1]), key: query.get('key'), resume: query.get('resume'), params };
}

const resumeKey = (sessionId) => `hyperstudy:resume:${sessionId}`;

/**
 * The secret that proves this browser is the participant it was (the server keeps only its hash). Made here
 * on the first visit, so that a first redeem whose answer was lost finds the same participant when retried;
 * a staff resume link replaces it. It must outlive the tab (a participant comes back tomorrow), so it lives
 * in localStorage; it opens this session only, and only together with the link's key.
 */
export function resumeSecret(sessionId, fromLink) {
  if (fromLink) {
    store(resumeKey(sessionId), fromLink);
    return fromLink;
  }
  let secret = read(resumeKey(sessionId));
  if (!secret) {
    const bytes = crypto.getRandomValues(new Uint8Array(24));
    secret = btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    store(resumeKey(sessionId), secret);
  }
  return secret;
}

function read(key) {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage blocked (private mode, policy): the secret lives as long as the page
  }
}

function store(key, value) {
  try {
    localStorage.setItem(key, value);
  } catch {
    // see read()
  }
}

const checkedKey = (sessionId) => `hyperstudy:checked:${sessionId}`;

/** Whether this tab already went through the device check for this session (a reload does not repeat it). */
export function deviceChecked(sessionId) {
  try {
    return sessionStorage.getItem(checkedKey(sessionId)) === 'yes';
  } catch {
    return false;
  }
}

export function markDeviceChecked(sessionId) {
  try {
    sessionStorage.setItem(checkedKey(sessionId), 'yes');
  } catch {
    // not kept: a reload asks again
  }
}
