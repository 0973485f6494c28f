// Pages in one room play the same video through the real gateway and sync-service; the host plays,
// seeks and pauses; each page's presented frames (requestVideoFrameCallback) are compared on the
// shared wall clock. Prints the figures; exits 1 when p95 disagreement exceeds the target.
//
// env: GATEWAY_URL, STAFF_TOKEN, VIDEO_FILE, [CHROMIUM=/usr/bin/chromium] [PAGES=3] [TARGET_P95_MS=20]
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import http from 'node:http';
import { agreement } from './frames.mjs';

const gateway = process.env.GATEWAY_URL;
const token = process.env.STAFF_TOKEN;
const videoFile = process.env.VIDEO_FILE;
const pageCount = Number(process.env.PAGES || 3);
const target = Number(process.env.TARGET_P95_MS || 20);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// a static server with Range support, so that <video> can seek
const size = fs.statSync(videoFile).size;
const server = http.createServer((req, res) => {
  const range = /bytes=(\d*)-(\d*)/.exec(req.headers.range || '');
  const headers = { 'Content-Type': 'video/webm', 'Accept-Ranges': 'bytes' };
  if (!range) {
    res.writeHead(200, { ...headers, 'Content-Length': size });
    fs.createReadStream(videoFile).pipe(res);
    return;
  }
  const start = range[1] ? Number(range[1]) : size - Number(range[2]);
  const end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
  res.writeHead(206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': end - start + 1 });
  fs.createReadStream(videoFile, { start, end }).pipe(res);
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const videoUrl = `http://127.0.0.1:${server.address().port}/test.webm`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
    '--autoplay-policy=no-user-gesture-required'],
});
let failed = false;
try {
  const room = `browser-${Date.now()}`;
  const pages = [];
  for (let i = 0; i < pageCount; i++) {
    const context = await browser.newContext();
    // the token goes where the page looks for it, never in the URL
    await context.addInitScript((t) => sessionStorage.setItem('hyperstudy.token', t), token);
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`page ${i}: ${e.message}`));
    const url = `${gateway}/sync/player.html?room=${room}&video=${encodeURIComponent(videoUrl)}`;
    await page.goto(url);
    await page.waitForFunction(() => window.syncClient && window.syncClient.socket.readyState === 1, null, { timeout: 15000 });
    pages.push(page);
  }
  await sleep(1500); // clock models settle
  const host = pages[0];
  const cmd = (action, fields) => host.evaluate(([a, f]) => window.syncClient.command(a, f), [action, fields]);

  await cmd('load', { mediaId: 'test-video' });
  const playAt = Date.now() + 1500;
  await cmd('play', { atServerTime: playAt });
  await sleep(1500 + 6000);
  const afterPlay = await measure(pages, playAt + 3000, playAt + 6000);

  const seekAt = Date.now();
  await cmd('seek', { position: 20000 });
  await sleep(5000);
  const afterSeek = await measure(pages, seekAt + 2500, seekAt + 5000);

  await cmd('pause', {});
  await sleep(1500);
  const paused = await Promise.all(pages.map((p) => p.evaluate(() => ({ paused: window.syncClient.video.paused, at: window.syncClient.video.currentTime * 1000 }))));
  const pausedSpread = Math.max(...paused.map((p) => p.at)) - Math.min(...paused.map((p) => p.at));

  report('after the host plays', afterPlay);
  report('after the host seeks', afterSeek);
  console.log(`after the host pauses: all paused ${paused.every((p) => p.paused)}, positions spread ${pausedSpread.toFixed(1)} ms`);
  failed = !(afterPlay.p95 <= target && afterSeek.p95 <= target && paused.every((p) => p.paused) && pausedSpread <= target);
  console.log(failed ? `FAILED: target p95 ≤ ${target} ms` : `OK: p95 ≤ ${target} ms`);
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);

/** How the pages agreed in [from, to], with the number of frames each presented. */
async function measure(pages, from, to) {
  const series = await Promise.all(pages.map((p) => p.evaluate(() => window.presented.slice())));
  return { ...agreement(series, from, to), frames: series.map((s) => s.length) };
}

function report(what, a) {
  console.log(`${what}: pairs of ${pageCount} pages agree p50 ${a.p50.toFixed(1)} ms, p95 ${a.p95.toFixed(1)} ms, max ${a.max.toFixed(1)} ms (${a.samples} samples; frames presented ${a.frames.join('/')})`);
}
