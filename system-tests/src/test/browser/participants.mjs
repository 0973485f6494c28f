// What the participant-app scripts share: one headless Chromium, a participant's own browser (own storage), and
// the check every screen gets (axe-core, the focus on the new content, nothing wider than 360 px, a picture at
// 1280 and 360 px). A failure is noted and the script goes on, so one run shows every broken screen.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const gateway = process.env.GATEWAY_URL;
const shots = process.env.SHOTS;
let failed = false;

export function fail(why) {
  console.log(`FAILED: ${why}`);
  failed = true;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Chromium with a fake camera and microphone, as a participant's would answer a call's permission prompt. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  });
}

/** A participant's own browser (its own storage), at a phone's or a desktop's width. */
export async function participant(browser, width = 1280, name = '') {
  const context = await browser.newContext({ viewport: { width, height: width < 500 ? 740 : 860 },
    permissions: ['camera', 'microphone'] });
  const page = await context.newPage();
  page.on('pageerror', (e) => fail(`page error${name ? ` (${name})` : ''}: ${e.message}`));
  return { context, page, name };
}

export async function heading(page) {
  await page.waitForSelector('h1', { timeout: 20000 });
  return (await page.locator('h1').innerText()).trim();
}

export async function expectHeading(page, text, screen, timeout = 20000) {
  try {
    await page.waitForFunction((t) => document.querySelector('h1')?.innerText.includes(t), text, { timeout });
    return true;
  } catch {
    fail(`${screen}: expected a heading with "${text}", got "${await heading(page).catch(() => '(none)')}"`);
    return false;
  }
}

/** Waits for text anywhere on the page; a miss is a failure named `what`. */
export async function expectText(page, pattern, what, timeout = 15000) {
  const source = pattern instanceof RegExp ? pattern.source : pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  try {
    await page.waitForFunction((s) => new RegExp(s).test(document.body.innerText), source, { timeout });
    return true;
  } catch {
    fail(`${what}: no "${pattern}" on the page`);
    return false;
  }
}

/** axe-core on the screen as it is, the focus, the width, then a picture at each width. */
export async function check(page, screen, { newScreen = true, prefix = 'participant' } = {}) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  for (const v of result.violations) {
    console.log(`axe ${screen} ${v.impact}: ${v.id} (${v.nodes.length}) ${v.help}`);
    if (v.impact === 'serious' || v.impact === 'critical') fail(`${screen}: axe ${v.id}`);
  }
  // a new screen focuses its heading; a change within one focuses what replaced the control that was used
  const focused = await page.evaluate(() => ({ tag: document.activeElement?.tagName,
    placed: document.activeElement?.getAttribute('tabindex') === '-1' }));
  if (newScreen && !focused.placed) fail(`${screen}: the focus is on ${focused.tag}, not on the new content`);
  const original = page.viewportSize();
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: width < 500 ? 740 : 860 });
    await page.screenshot({ path: `${shots}/${prefix}-${screen}-${width}.png`, fullPage: true });
    if (width === 360) {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
      if (overflow) fail(`${screen}: wider than a 360 px screen`);
    }
  }
  await page.setViewportSize(original);
  console.log(`screen ${screen}: ok`);
}

/** Ends the script: its exit code is the verdict. */
export async function finish(browser, error) {
  if (error) fail(error.stack ?? String(error));
  await browser.close();
  console.log(failed ? 'FAILED' : 'OK');
  process.exit(failed ? 1 : 0);
}
