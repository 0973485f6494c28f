// The researchers' portal in headless Chromium, signed in through the real Keycloak: the experiments an
// experimenter has, one created in the portal, the draft published, a session opened (a mistake shown next
// to its field, then fixed), its link and Prolific template; a video uploaded on a slow line (the progress bar
// moves; the type the server found; a preview); states reordered by dragging; sharing by e-mail, its level
// changed in place; the live monitor while three participant pages
// join by that link (online, sync figures, a line each on the sync plot), pause and resume followed by every
// page's video; its data downloaded, the session closed; signing out; a second experimenter who sees none of
// it. axe-core on every page; pictures at 1280 and 360 px.
//
// env: GATEWAY_URL, SHOTS, EXPERIMENT_TITLE (an experiment of "experimenter" with a publishable draft),
//      MEDIA_FILE (a video to upload), OTHER_EMAIL (experimenter2's e-mail address),
//      RECORDED_ID (another's experiment, shared with experimenter's e-mail address as viewer, whose session
//      recorded a call)
// Prints "join: <link>" for the Java side.
import fs from 'node:fs';
import { launch, participant, check, expectHeading, expectText, fail, finish, gateway } from './participants.mjs';

const title = process.env.EXPERIMENT_TITLE;
const browser = await launch();
let error = null;

async function signIn(page, user) {
  await page.waitForSelector('#username', { timeout: 30000 });
  await page.fill('#username', user);
  await page.fill('#password', user);
  await page.click('#kc-login');
}

const shot = (page, name, options = {}) => check(page, name, { prefix: 'portal', ...options });

try {
  const { page, context } = await participant(browser, 1280, 'experimenter');
  await page.goto(`${gateway}/portal`);
  await signIn(page, 'experimenter');
  await expectHeading(page, 'Experiments', 'experiments');
  await expectText(page, title, 'experiments: the experimenter\'s own');
  await expectText(page, 'Signed in as', 'experiments: who is signed in');
  if (await page.evaluate(() => Object.keys(localStorage).some((k) => /oidc|token/i.test(k)))) {
    fail('the tokens are kept in localStorage');
  }
  await shot(page, 'experiments');
  // another's experiment, shared with this experimenter's e-mail address, is listed as theirs to watch
  await page.locator(`a[href="/portal/experiments/${process.env.RECORDED_ID}"]`).waitFor({ timeout: 10000 })
    .catch(() => fail('experiments: the one shared by e-mail is not listed'));

  // a new experiment, made here: its video uploaded on a slow line, then designed without JSON
  await page.getByLabel('Title').fill('Made in the portal');
  await page.getByRole('button', { name: 'Create' }).click();
  await expectHeading(page, 'Made in the portal', 'new experiment');
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1,
    uploadThroughput: 1024 * 1024 });
  await page.getByLabel('File to upload').setInputFiles(process.env.MEDIA_FILE);
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  const seen = new Set();
  for (let i = 0; i < 300; i++) {
    const value = await page.locator('.upload progress').getAttribute('value', { timeout: 200 }).catch(() => null);
    if (value === null && seen.size > 0) break;
    if (value !== null) seen.add(Number(value));
    if (i === 10) await shot(page, 'media-uploading', { newScreen: false });
    await page.waitForTimeout(100);
  }
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  const between = [...seen].filter((v) => v > 0 && v < 1);
  if (between.length < 3) fail(`media: the progress bar did not move (values seen: ${[...seen].join(', ')})`);
  const uploaded = process.env.MEDIA_FILE.split('/').pop();
  await page.waitForFunction((name) => [...document.querySelectorAll('tbody th')].some((th) => th.innerText === name)
    && document.body.innerText.includes('video/webm'), uploaded, { timeout: 15000 })
    .catch(() => fail('media: the uploaded file is not listed with the type the server found'));
  await page.getByRole('button', { name: `Preview ${uploaded}` }).click();
  await page.waitForFunction(() => document.querySelector('.media-preview video')?.readyState >= 1, null, { timeout: 15000 })
    .catch(() => fail('media: the preview does not load'));

  // the designer: three viewers; a film with a continuous rating, a questionnaire, a chat
  await page.getByRole('link', { name: 'Design Made in the portal' }).click();
  await expectHeading(page, 'Design: Made in the portal', 'designer');
  await page.getByRole('button', { name: 'Add a role' }).click();
  await page.locator('[id="f:definition.roles[0].id"]').fill('viewer');
  await page.locator('[id="f:definition.roles[0].count"]').fill('3');
  for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Add a state' }).click();
  const field = (path) => page.locator(`[id="f:definition.states[${path}"]`);
  await field('0].title').fill('Watch together');
  await field('0].focus.type').selectOption('video');
  await page.getByLabel('Add beside it').first().selectOption('rating');
  await page.getByRole('button', { name: 'Add', exact: true }).first().click();
  await field('0].globals[0].prompt').fill('How tense is it now?');
  await field('0].globals[0].scale').selectOption('continuous');
  await field('0].globals[0].min').fill('0');
  await field('0].globals[0].max').fill('10');
  await field('0].globals[0].sampleRateHz').fill('4');
  await field('0].end.kind').selectOption('timer');
  await field('0].end.seconds').fill('50');
  await field('1].title').fill('About the film');
  await field('1].focus.type').selectOption('questionnaire');
  await field('1].focus.questions[0].prompt').fill('Did you like it?');
  await field('2].title').fill('Talk it over');
  await field('2].focus.text').fill('Say hello, then continue.');
  await page.getByLabel('Add beside it').nth(2).selectOption('chat');
  await page.getByRole('button', { name: 'Add', exact: true }).nth(2).click();
  // reordered by dragging: the last state dropped on the first, then back; the keyboard's buttons do the same.
  // The window is made tall enough to hold the whole list: Chromium drops a synthetic drag that has to scroll
  const designerSize = page.viewportSize();
  await page.setViewportSize({ width: designerSize.width, height: 6000 });
  await page.evaluate(() => document.querySelector('ol.states').scrollIntoView());
  const listHeight = await page.evaluate(() => document.querySelector('ol.states').getBoundingClientRect().height);
  if (listHeight > 5900) fail(`designer: the list of states is ${listHeight} px tall, more than the test's window`);
  const stateHeadings = () => page.locator('ol.states > li h3').allInnerTexts();
  const handle = (i) => page.locator('ol.states > li').nth(i).locator('.drag-handle');
  await handle(2).dragTo(page.locator('ol.states > li').nth(0).locator('h3'));
  let order = await stateHeadings();
  if (order.join('|') !== 'State 1: Talk it over|State 2: Watch together|State 3: About the film') fail(`designer: after dragging, the states are ${order}`);
  await handle(0).dragTo(page.locator('ol.states > li').nth(2).locator('h3'));
  order = await stateHeadings();
  if (order.join('|') !== 'State 1: Watch together|State 2: About the film|State 3: Talk it over') fail(`designer: dragged back, the states are ${order}`);
  await page.setViewportSize(designerSize);
  // saved without its video: the mistake is shown at the media field and listed with a link to it
  await page.getByRole('button', { name: 'Save the draft' }).click();
  await expectText(page, /thing[s]? to fix before saving/, 'designer: the refusal is listed');
  const mediaField = field('0].focus.mediaId');
  if (await mediaField.getAttribute('aria-invalid') !== 'true') fail('designer: the media field is not marked invalid');
  const describedBy = await mediaField.getAttribute('aria-describedby');
  const message = await page.locator(`[id="${describedBy.split(' ').pop()}"]`).innerText().catch(() => '');
  if (!/required/.test(message)) fail(`designer: the media field says "${message}"`);
  await shot(page, 'designer-mistake', { newScreen: false });
  await mediaField.selectOption({ label: `${uploaded} (video/webm)` });
  await page.getByRole('button', { name: 'Save the draft' }).click();
  await expectText(page, 'Saved.', 'designer: saved after the fix');
  // the questionnaire as a viewer will see it
  await page.getByRole('button', { name: 'Preview state 2' }).click();
  await page.locator('.preview').getByText('Did you like it?').waitFor({ timeout: 5000 })
    .catch(() => fail('designer: the preview does not show the question'));
  await shot(page, 'designer', { newScreen: false });
  await page.getByRole('link', { name: /^← Made in the portal/ }).click();
  await expectHeading(page, 'Made in the portal', 'back to the experiment');

  // the design is published; a session is opened
  await page.getByRole('button', { name: 'Publish the draft' }).click();
  await expectText(page, 'The draft is published as version 1', 'publish');
  // shared with a colleague by e-mail address, their level changed in place, then revoked
  const other = process.env.OTHER_EMAIL;
  await page.getByLabel('Their e-mail address or user id').fill(other.toUpperCase());
  await page.getByLabel('May', { exact: true }).selectOption('viewer');
  await page.getByRole('button', { name: 'Share', exact: true }).click();
  await page.locator('.collaborators').getByText(other).waitFor({ timeout: 10000 })
    .catch(() => fail('sharing: the colleague is not listed (by their address in lower case)'));
  await page.getByLabel(`What ${other} may do`).selectOption('editor');
  await expectText(page, `${other} now has the new access.`, 'sharing: the level changed in place');
  await shot(page, 'shared', { newScreen: false });
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: `Revoke the access of ${other}` }).click();
  await expectText(page, 'Only you.', 'sharing: revoked');
  await page.getByLabel('Waiting timeout (seconds)').fill('2');
  await page.getByLabel(/Completion URL/).fill(`${gateway}/finished?cc={code}`);
  await page.getByLabel('Completed').fill('C-PORTAL');
  await page.getByRole('button', { name: 'Open the session' }).click();
  await expectText(page, 'must be between 5 and 86400', 'session: the mistake next to its field');
  const invalid = await page.getByLabel('Waiting timeout (seconds)').getAttribute('aria-invalid');
  if (invalid !== 'true') fail('session: the field with the mistake is not marked invalid');
  await shot(page, 'session-mistake', { newScreen: false });
  await page.getByLabel('Waiting timeout (seconds)').fill('300');
  await page.getByRole('button', { name: 'Open the session' }).click();
  await expectText(page, 'The session is open', 'session opened');
  await page.waitForFunction(() => [...document.querySelectorAll('td')].some((td) => td.innerText === 'open'), null, { timeout: 15000 })
    .catch(() => fail('session opened: not in the list of sessions'));
  const join = await page.getByLabel('Participant link').inputValue();
  const prolific = await page.getByLabel(/For Prolific/).inputValue();
  if (!/\/join\/[^?]+\?key=/.test(join)) fail(`session: the link is ${join}`);
  if (!prolific.startsWith(join) || !prolific.includes('PROLIFIC_PID={{%PROLIFIC_PID%}}')) fail(`session: the Prolific template is ${prolific}`);
  console.log(`join: ${join}`);
  await shot(page, 'session-opened', { newScreen: false });

  // the live monitor, while three participants join by the link and watch the film
  await page.getByRole('link', { name: /^Monitor the session opened/ }).first().click();
  await expectHeading(page, 'Session opened', 'monitor');
  const people = [];
  for (const name of ['ana', 'ben', 'cai']) {
    const p = await participant(browser, 1280, name);
    await p.page.goto(`${join}&PROLIFIC_PID=p-${name}`);
    await expectHeading(p.page, 'Check your device', `device check (${name})`);
    await p.page.getByRole('button', { name: 'Play a test sound' }).click();
    await p.page.getByRole('button', { name: 'Continue' }).click();
    people.push(p);
  }
  for (const p of people) await expectHeading(p.page, 'Watch together', `film (${p.name})`, 30000);
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('.room table.members tbody tr')];
    return rows.length === 3 && rows.every((r) => r.children[2].innerText === 'yes' && /\d ms/.test(r.children[4].innerText));
  }, null, { timeout: 30000 }).catch(async () => {
    fail(`monitor: the three are not all shown online with their sync figures; their players: ${JSON.stringify(await players(people))}`);
  });
  const names = await page.locator('.room table.members tbody th').allInnerTexts();
  if (names.sort().join() !== 'p-ana,p-ben,p-cai') fail(`monitor: the members are ${names}`);
  await page.waitForTimeout(3000); // a few more points on the plot
  // every participant's line is drawn: pixels of each of the first three series' colours
  const drawn = await page.evaluate(() => {
    const canvas = document.querySelector('.sync-plot canvas');
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    const colours = [[31, 95, 191], [179, 84, 30], [46, 125, 50]];
    return colours.map(([r, g, b]) => {
      let n = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.abs(data[i] - r) < 30 && Math.abs(data[i + 1] - g) < 30 && Math.abs(data[i + 2] - b) < 30) n++;
      }
      return n;
    });
  });
  if (drawn.some((n) => n < 20)) {
    fail(`monitor: the sync plot has no line for someone (pixels per participant: ${drawn}); their players: ${JSON.stringify(await players(people))}`);
  }
  await shot(page, 'monitor', { newScreen: false });
  // pause and resume, confirmed: every page's video follows
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  for (const p of people) {
    await p.page.waitForFunction(() => document.querySelector('video')?.paused === true, null, { timeout: 10000 })
      .catch(() => fail(`pause: ${p.name}'s video still plays`));
  }
  await page.getByRole('button', { name: 'Resume' }).waitFor({ timeout: 10000 })
    .catch(() => fail('pause: the monitor does not show the room paused'));
  await shot(page, 'monitor-paused', { newScreen: false });
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Resume' }).click();
  for (const p of people) {
    await p.page.waitForFunction(() => {
      const v = document.querySelector('video');
      return v && !v.paused && v.currentTime > 0;
    }, null, { timeout: 10000 }).catch(async () => fail(`resume: ${p.name}'s video does not play again; the players: ${JSON.stringify(await players(people))}`));
  }
  // the room's video alone, steered from the monitor: the pages follow
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Pause the video' }).click();
  for (const p of people) {
    await p.page.waitForFunction(() => document.querySelector('video')?.paused === true, null, { timeout: 10000 })
      .catch(() => fail(`video pause: ${p.name}'s video still plays`));
  }
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Play the video' }).click();
  for (const p of people) {
    await p.page.waitForFunction(() => document.querySelector('video')?.paused === false, null, { timeout: 10000 })
      .catch(() => fail(`video play: ${p.name}'s video does not play again`));
  }
  // the session's data from the monitor: the first rows, and no recording (the design records nothing)
  await page.getByRole('button', { name: 'Preview the first rows' }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('table.preview-rows td')].some((td) => td.innerText === 'participant'),
    null, { timeout: 15000 }).catch(() => fail('data: the preview has no participant row'));
  await expectText(page, 'No recording', 'data: the recordings');
  await shot(page, 'monitor-data', { newScreen: false });
  for (const p of people) await p.context.close();
  await page.getByRole('link', { name: '← Made in the portal' }).click();
  await expectHeading(page, 'Made in the portal', 'back to the experiment (after the monitor)');

  // the session's data, as a file
  const [file] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('button', { name: /as CSV/ }).first().click()]);
  const csv = fs.readFileSync(await file.path(), 'utf8');
  if (!csv.startsWith('record,experiment_id')) fail(`export: the file starts ${csv.slice(0, 80)}`);
  for (const who of ['p-ana', 'p-ben', 'p-cai']) {
    if (!csv.split('\n').some((l) => l.startsWith('response,') && l.includes(`,${who},`) && l.includes(',rating,rating,'))) {
      fail(`export: the downloaded file has no rating of ${who}`);
    }
  }
  // and every session of the experiment at once
  const [all] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download all its sessions (CSV)' }).click()]);
  if (!fs.readFileSync(await all.path(), 'utf8').includes(',p-cai,')) fail('export: the experiment\'s file lacks the session');
  // closing it, confirmed
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: /^Close the session/ }).first().click();
  await page.waitForFunction(() => [...document.querySelectorAll('td')].some((td) => td.innerText === 'closed'), null, { timeout: 15000 })
    .catch(() => fail('close: the session is not shown closed'));
  const experimentUrl = page.url();

  // the recordings of another's study, shared by e-mail: on the room's time line, played by signed link
  await page.goto(`${gateway}/portal/experiments/${process.env.RECORDED_ID}`);
  await expectHeading(page, 'System study', 'shared experiment');
  await page.getByRole('link', { name: /^Monitor the session/ }).first().click();
  await expectHeading(page, 'Session opened', 'monitor of the shared experiment');
  const bar = page.locator('.timeline .bar').first();
  await bar.waitFor({ timeout: 15000 }).catch(() => fail('data: no recording on the room\'s time line'));
  const where = await page.evaluate(() => {
    const track = document.querySelector('.timeline .lane').getBoundingClientRect();
    const b = document.querySelector('.timeline .bar').getBoundingClientRect();
    return { left: (b.left - track.left) / track.width, width: b.width / track.width };
  });
  if (!(where.left > 0 && where.left < 1 && where.width > 0.01 && where.left + where.width <= 1.001)) {
    fail(`data: the recording is drawn at ${JSON.stringify(where)} of its room's time line`);
  }
  await bar.click();
  await page.waitForFunction(() => /\/files\/0\/content/.test(document.querySelector('section video')?.src ?? ''), null, { timeout: 10000 })
    .catch(() => fail('data: the recording\'s signed link is not played'));
  await shot(page, 'recordings', { newScreen: false });

  // signing out ends the provider's session too
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expectHeading(page, 'You are signed out', 'signed out');
  await shot(page, 'signed-out');

  // a second experimenter sees none of it
  await page.getByRole('button', { name: 'Sign in again' }).click();
  await signIn(page, 'experimenter2');
  await expectHeading(page, 'Experiments', 'experiments (experimenter2)');
  const text = await page.locator('main').innerText();
  if (text.includes(title) || text.includes('Made in the portal')) fail('experimenter2 sees the other\'s experiments');
  await page.goto(experimentUrl);
  await expectHeading(page, 'does not exist, or it is not shared with you', 'another\'s experiment (experimenter2)');
  await shot(page, 'not-shared');
  await context.close();
} catch (e) {
  error = e;
}
await finish(browser, error);

/** What each participant's player shows, for a failure's message. */
async function players(people) {
  return Promise.all(people.map((p) => p.page.evaluate(() => {
    const v = document.querySelector('video');
    return v ? { src: v.currentSrc, readyState: v.readyState, paused: v.paused, t: v.currentTime, rate: v.playbackRate, error: v.error?.message }
      : document.querySelector('main')?.innerText.slice(0, 200);
  })));
}
