// A real <video> in headless Chromium plays an asset from media-service through the gateway, by a
// signed link, and seeks: the browser fetches byte ranges (206) and lands on the asked time.
// Prints what it saw; exits 1 when the seek does not land or no range request was answered.
//
// env: LINK_URL, [CHROMIUM=/usr/bin/chromium] [SEEK_TO=6.5]
import { chromium } from 'playwright-core';

const link = process.env.LINK_URL;
const seekTo = Number(process.env.SEEK_TO || 6.5);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
let failed = false;
try {
  const page = await browser.newPage();
  const answers = [];
  page.on('response', (r) => {
    if (r.url().includes('/content')) {
      answers.push({ status: r.status(), range: r.headers()['content-range'] || '' });
    }
  });
  await page.setContent(`<video id="v" muted preload="metadata" src="${link}"></video>`);
  const seen = await page.evaluate(async (target) => {
    const v = document.getElementById('v');
    if (v.readyState < 1) {
      await new Promise((ok, ko) => { v.onloadedmetadata = ok; v.onerror = () => ko(new Error('video error ' + (v.error && v.error.code))); });
    }
    const started = performance.now();
    v.currentTime = target;
    await new Promise((ok) => { v.onseeked = ok; });
    const seekMs = performance.now() - started;
    // where the seek landed, read before playing: afterwards currentTime runs on with the playback
    const landedAt = v.currentTime;
    const frame = await new Promise((ok) => {
      if (v.requestVideoFrameCallback) {
        v.requestVideoFrameCallback((now, meta) => ok(meta.mediaTime));
        v.play().catch(() => {});
      } else {
        ok(v.currentTime);
      }
    });
    v.pause();
    return { duration: v.duration, landedAt, frameAt: frame, seekMs };
  }, seekTo);
  const partial = answers.filter((a) => a.status === 206);
  console.log(`duration ${seen.duration.toFixed(2)} s; seeked to ${seen.landedAt.toFixed(3)} s in ${seen.seekMs.toFixed(0)} ms; `
    + `first frame presented at ${seen.frameAt.toFixed(3)} s`);
  console.log(`responses: ${answers.map((a) => a.status + (a.range ? ' ' + a.range : '')).join(', ')}`);
  if (Math.abs(seen.landedAt - seekTo) > 0.05 || Math.abs(seen.frameAt - seekTo) > 0.6) {
    console.log('FAIL: the seek did not land');
    failed = true;
  }
  if (partial.length === 0) {
    console.log('FAIL: no byte-range (206) answer');
    failed = true;
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
