// What a participant pass says (docs/sessions.md): read, never trusted; the services check it.

/** The claims of a pass (a JWT), or an empty object when it is not one. */
export function claims(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(decodeURIComponent(escape(atob(part))));
  } catch {
    return {};
  }
}
