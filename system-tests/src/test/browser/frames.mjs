// How closely pages show the same frame: each page records [wall-clock ms, media ms] per presented frame
// (requestVideoFrameCallback); pages on one machine share its clock, so their positions compare directly.

/** |position difference| between every pair of pages every 10 ms in [from, to] (wall clock). */
export function agreement(series, from, to) {
  const diffs = [];
  for (let t = from; t <= to; t += 10) {
    const positions = series.map((s) => positionAt(s, t));
    if (positions.some((x) => x === null)) continue;
    for (let i = 0; i < positions.length; i++) {
      for (let j = i + 1; j < positions.length; j++) diffs.push(Math.abs(positions[i] - positions[j]));
    }
  }
  diffs.sort((x, y) => x - y);
  const pct = (p) => (diffs.length ? diffs[Math.min(diffs.length - 1, Math.ceil((p / 100) * diffs.length) - 1)] : NaN);
  return { samples: diffs.length, p50: pct(50), p95: pct(95), max: pct(100) };
}

/** A page's media position at wall-clock time t, from the last frame it presented before t. */
export function positionAt(frames, t) {
  let lo = 0;
  let hi = frames.length - 1;
  if (hi < 1 || frames[0][0] > t) return null;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (frames[mid][0] <= t) lo = mid; else hi = mid - 1;
  }
  const [at, media] = frames[lo];
  if (t - at > 100) return null;
  return media + (t - at);
}
