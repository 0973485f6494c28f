// Three participants through a whole study in headless Chromium, through the gateway, on the real platform:
// a Prolific-style link, the consent form (a fourth person declines and gets the noConsent code), the device
// check (sound, camera and microphone, the round trip), the waiting room, then the room: a synced video on
// which the three pages' presented frames are compared on the machine's clock while each moves a continuous
// rating, a questionnaire with a rating, and a chat (each sees the others' messages; one page reloads and
// comes back to the same screen with the history) beside a call whose SFU (LiveKit) cannot be reached here;
// all finish and are taken to the completion URL with their code. axe-core on every screen; pictures at 1280
// and 360 px. Prints "frames: p50 … p95 … max …" for the Java side and for bench/README.md.
//
// env: GATEWAY_URL, SHOTS, JOIN (a session of three-person rooms), LIVEKIT_URL (where call tokens point),
//      [TARGET_P95_MS=20] [CHROMIUM=/usr/bin/chromium]
import { launch, participant, check, expectHeading, expectText, fail, finish, gateway, sleep } from './participants.mjs';
import { agreement } from './frames.mjs';

const join = process.env.JOIN;
const livekit = process.env.LIVEKIT_URL;
const target = Number(process.env.TARGET_P95_MS || 20);
const browser = await launch();
const prolific = (pid) => `${gateway}${join}&PROLIFIC_PID=${pid}&STUDY_ID=st-7&SESSION_ID=se-${pid}`;
let error = null;

/** Records every frame the page's video presents, [wall-clock ms, media ms], as BrowserSyncIT does. */
async function recordFrames(page) {
  await page.waitForFunction(() => document.querySelector('video')?.src, null, { timeout: 20000 });
  await page.evaluate(() => {
    const v = document.querySelector('video');
    window.presented = [];
    const record = (now, m) => {
      window.presented.push([performance.timeOrigin + m.expectedDisplayTime, m.mediaTime * 1000]);
      v.requestVideoFrameCallback(record);
    };
    v.requestVideoFrameCallback(record);
  });
}

try {
  // someone who reads the form and declines: the noConsent code, nobody in line
  {
    const { context, page } = await participant(browser, 360, 'decliner');
    await page.goto(prolific('p-no'));
    await expectHeading(page, 'Before you begin', 'consent (decliner)');
    page.once('dialog', (d) => d.accept());
    await page.getByRole('button', { name: 'I do not agree' }).click();
    await expectHeading(page, 'You chose not to take part', 'declined');
    const code = (await page.locator('.code').innerText()).trim();
    if (code !== 'C-NOPE') fail(`declined: code ${code}, expected C-NOPE`);
    await check(page, 'declined', { prefix: 'study' });
    await context.close();
  }

  const people = [await participant(browser, 1280, 'ana'), await participant(browser, 360, 'ben'),
    await participant(browser, 1280, 'cai')];
  const [ana, ben, cai] = people;
  const tokens = new Map(); // page name → the call token's claims
  const sockets = new Map(); // page name → addresses its call tried
  for (const p of people) {
    p.page.on('response', async (r) => {
      if (/\/api\/media\/rooms\/[^/]+\/token$/.test(r.url()) && r.ok()) {
        const { token } = await r.json();
        tokens.set(p.name, JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()));
      }
    });
    p.page.on('websocket', (ws) => sockets.set(p.name, [...(sockets.get(p.name) ?? []), ws.url()]));
    p.page.on('request', (r) => r.url().startsWith(livekit.replace(/^ws/, 'http'))
      && sockets.set(p.name, [...(sockets.get(p.name) ?? []), r.url()]));
  }

  // each consents and checks their device; the first two wait for the third
  for (const [i, p] of people.entries()) {
    await p.page.goto(prolific(`p-${p.name}`));
    await expectHeading(p.page, 'Before you begin', `consent (${p.name})`);
    const form = await p.page.locator('.consent-text').innerText();
    if (!/watch a short film/.test(form)) fail(`consent (${p.name}): the form's text is not shown: ${form}`);
    if (i === 0) await check(p.page, 'consent', { prefix: 'study' });
    await p.page.getByRole('button', { name: 'I agree' }).click();

    await expectHeading(p.page, 'Check your device', `device check (${p.name})`);
    await p.page.getByRole('button', { name: 'Play a test sound' }).click();
    await expectText(p.page, 'Sound is on for this page.', `device check (${p.name}): sound`);
    await p.page.getByRole('button', { name: 'Allow access' }).click();
    await expectText(p.page, 'Access allowed.', `device check (${p.name}): camera and microphone`);
    await expectText(p.page, /Round trip to the study: \d+ ms \(good\)/, `device check (${p.name}): round trip`);
    if (i === 0) await check(p.page, 'check', { prefix: 'study', newScreen: false });
    await p.page.getByRole('button', { name: 'Continue' }).click();
    if (i < 2) {
      await expectHeading(p.page, 'Waiting for the others', `waiting (${p.name})`);
      await expectText(p.page, /If no group forms within \d+ min/, `waiting (${p.name}): the countdown`);
      if (i === 0) await check(p.page, 'waiting', { prefix: 'study' });
    }
  }

  // the third completes the room: the film plays on every page, on the same frame
  for (const p of people) {
    await expectHeading(p.page, 'Watch together', `film (${p.name})`, 30000);
    if (!(await p.page.title()).includes('started')) fail(`film (${p.name}): no cue in the tab's title`);
  }
  await Promise.all(people.map((p) => recordFrames(p.page)));
  // each moves the continuous rating by keyboard, at different moments
  for (const [i, p] of people.entries()) {
    await sleep(1200);
    const slider = p.page.getByRole('slider', { name: 'How tense is it now?' });
    await slider.focus();
    await p.page.keyboard.press(i === 1 ? 'Home' : 'End');
  }
  await check(ana.page, 'film', { prefix: 'study', newScreen: false });
  await sleep(5000);
  const series = await Promise.all(people.map((p) => p.page.evaluate(() => window.presented.slice())));
  const playing = await Promise.all(people.map((p) => p.page.evaluate(() => {
    const v = document.querySelector('video');
    return { paused: v.paused, muted: v.muted, time: v.currentTime };
  })));
  for (const [i, s] of playing.entries()) {
    if (s.paused) fail(`film (${people[i].name}): the video is not playing (${JSON.stringify(s)})`);
    if (s.muted) fail(`film (${people[i].name}): the video plays muted though the device check unlocked sound`);
  }
  const starts = series.map((s) => s.find(([, media]) => media > 0)?.[0] ?? Infinity);
  const from = Math.max(...starts) + 2500;
  const a = agreement(series, from, from + 5000);
  console.log(`frames: pairs of 3 participant pages agree p50 ${a.p50.toFixed(1)} ms, p95 ${a.p95.toFixed(1)} ms, max ${a.max.toFixed(1)} ms (${a.samples} samples; frames presented ${series.map((s) => s.length).join('/')})`);
  if (!(a.samples > 100 && a.p95 <= target)) fail(`film: the pages disagree by ${a.p95} ms at p95 (target ${target} ms)`);

  // the timer ends the film: a questionnaire with a rating
  for (const p of people) await expectHeading(p.page, 'About the film', `questions (${p.name})`, 30000);
  await ana.page.evaluate(() => (document.querySelector('.chat').kept = true)); // seen again in the next state
  for (const [i, p] of people.entries()) {
    await p.page.getByRole('radio', { name: i === 1 ? 'no' : 'yes' }).check();
    await p.page.getByRole('group', { name: 'Overall' }).getByRole('radio', { name: String(3 + i) }).check();
    await p.page.getByRole('textbox', { name: 'Why?' }).fill(`Because ${p.name} says so.`);
    if (i === 0) await check(p.page, 'about', { prefix: 'study', newScreen: false });
    await p.page.getByRole('button', { name: 'Submit' }).click();
  }

  // the chat beside the call: each writes, each sees the others; the chat, global to both states, is the same
  // element it was (kept mounted), not a new one
  for (const p of people) await expectHeading(p.page, 'Talk it over', `talk (${p.name})`, 30000);
  if (!(await ana.page.evaluate(() => document.querySelector('.chat')?.kept === true))) {
    fail('talk: the chat was mounted anew, though both states have it');
  }
  for (const p of people) {
    const box = p.page.getByRole('textbox', { name: 'Your message' });
    await box.fill(`hello from ${p.name}`);
    await box.press('Enter');
  }
  for (const p of people) {
    for (const other of people) {
      await expectText(p.page, `hello from ${other.name}`, `talk (${p.name}): ${other.name}'s message`);
    }
  }
  // the call: a token with the role's grants, an attempt at the configured SFU, and plain words when it fails
  for (const p of people) {
    await expectText(p.page, 'The call cannot be reached right now', `call (${p.name}): unreachable`, 40000);
    const claims = tokens.get(p.name);
    const video = claims?.video ?? {};
    if (!video.roomJoin || !video.room) fail(`call (${p.name}): the token does not admit to the room: ${JSON.stringify(claims)}`);
    const sources = video.canPublishSources ?? [];
    if (!sources.includes('camera') || !sources.includes('microphone')) {
      fail(`call (${p.name}): the token does not let the viewer publish camera and microphone: ${JSON.stringify(video)}`);
    }
    const tried = (sockets.get(p.name) ?? []).filter((u) => u.startsWith(livekit) || u.startsWith(livekit.replace(/^ws/, 'http')));
    if (tried.length === 0) fail(`call (${p.name}): no attempt at ${livekit}: ${JSON.stringify(sockets.get(p.name))}`);
  }
  await check(ana.page, 'talk', { prefix: 'study', newScreen: false });
  // a reload mid-state: the same screen, the chat's history, the messages once
  await ben.page.reload();
  await expectHeading(ben.page, 'Talk it over', 'talk after a reload');
  for (const other of people) await expectText(ben.page, `hello from ${other.name}`, `talk after a reload: ${other.name}'s message`);
  const mine = await ben.page.getByText('hello from ben').count();
  if (mine !== 1) fail(`talk after a reload: ben's message shows ${mine} times`);
  await check(ben.page, 'talk-reloaded', { prefix: 'study' });

  // all continue: the completion code, then the study site
  for (const p of people) await p.page.getByRole('button', { name: 'Continue' }).click();
  for (const p of people) {
    await expectHeading(p.page, 'You have finished the study', `finished (${p.name})`, 30000);
    const code = (await p.page.locator('.code').innerText().catch(() => '')).trim();
    if (code !== 'C-DONE') fail(`finished (${p.name}): code ${code}, expected C-DONE`);
  }
  await check(ben.page, 'finished', { prefix: 'study' });
  for (const p of people) {
    await p.page.waitForURL((u) => u.toString().endsWith('/finished?cc=C-DONE'), { timeout: 20000 })
      .catch(() => fail(`finished (${p.name}): not taken to the completion URL`));
  }
} catch (e) {
  error = e;
}
await finish(browser, error);
