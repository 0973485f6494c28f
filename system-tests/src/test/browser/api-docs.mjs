// The public API's documentation page at the gateway, in headless Chromium: the Swagger UI renders every
// operation of the merged document, an operation opens to show its refusals, and axe-core finds no serious
// or critical violation. Writes a screenshot of the page and of an opened operation.
//
// env: GATEWAY_URL, SHOTS (a directory), [CHROMIUM=/usr/bin/chromium], EXPECTED_OPERATIONS
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const gateway = process.env.GATEWAY_URL;
const shots = process.env.SHOTS;
const expected = Number(process.env.EXPECTED_OPERATIONS);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => { console.error(`page error: ${e.message}`); failed = true; });
  await page.goto(`${gateway}/api-docs/`);
  await page.waitForSelector('.opblock', { timeout: 20000 });
  const operations = await page.locator('.opblock').count();
  console.log(`operations shown: ${operations}`);
  if (operations !== expected) {
    console.log(`FAILED: expected ${expected} operations`);
    failed = true;
  }
  await page.screenshot({ path: `${shots}/api-docs.png` });

  const redeem = page.locator('#operations-participants-post_api_participants_redeem .opblock-summary-control');
  await redeem.click();
  await page.waitForSelector('#operations-participants-post_api_participants_redeem .responses-table');
  const codes = await page.locator('#operations-participants-post_api_participants_redeem .response-col_status')
    .allInnerTexts();
  console.log(`redeem documents: ${codes.map((c) => c.trim()).filter((c) => /^\d/.test(c)).join(' ')}`);
  for (const code of ['200', '400', '404', '409', '429']) {
    if (!codes.some((c) => c.trim().startsWith(code))) {
      console.log(`FAILED: redeem does not document ${code}`);
      failed = true;
    }
  }
  await redeem.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${shots}/api-docs-redeem.png` });

  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  for (const v of result.violations) {
    console.log(`axe ${v.impact}: ${v.id} (${v.nodes.length}) ${v.help}`);
    if (v.impact === 'serious' || v.impact === 'critical') {
      failed = true;
    }
  }
  console.log(failed ? 'FAILED' : 'OK');
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
