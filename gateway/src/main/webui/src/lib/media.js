import { call } from './api.js';

// A <video> or <img> cannot send a token: media-service signs an expiring link for the pass holder. Links are
// kept until shortly before they expire, so a state change or a reconnect does not ask again.
const links = new Map();
const MARGIN_MS = 60_000;

/** A signed address of an experiment's media asset, for the holder of `token`. */
export async function mediaUrl(token, experimentId, mediaId) {
  const key = `${experimentId}/${mediaId}`;
  const kept = links.get(key);
  if (kept && kept.expiresAt - MARGIN_MS > Date.now()) return kept.url;
  const path = `/api/media/experiments/${encodeURIComponent(experimentId)}/assets/${encodeURIComponent(mediaId)}/link`;
  const link = await call('POST', path, { token });
  links.set(key, { url: link.url, expiresAt: Date.parse(link.expiresAt) });
  return link.url;
}
