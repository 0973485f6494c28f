import { call } from '../lib/api.js';

/** A call to the platform as the signed-in staff member. */
export function staffCall(auth, method, path, body) {
  return call(method, path, { token: auth.token, body });
}

/** Downloads an answer of the API (an export) as a file: the token goes in a header, never in a link. */
export async function download(auth, path, filename) {
  const response = await fetch(path, { headers: { Authorization: `Bearer ${auth.token}` } });
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function when(instant) {
  return instant ? new Date(instant).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '';
}
