// The participant app's first screens in headless Chromium, through the gateway, on the real platform: a bad
// link, a session that admits nobody, the waiting room (place in line, a reload that stays the same
// participant), the same recruitment id in another browser (refused), two participants matched into a room
// (the state from the room socket, sanitised Markdown, continue, a reload mid-state, a rating and a questionnaire
// with a required question, both finished with their code), and leaving from the waiting room (outcome, code, back to the study
// site). axe-core runs on every screen; each is photographed at 1280 and 360 px.
//
// env: GATEWAY_URL, SHOTS, JOIN_PAIR (a session of two-person rooms), JOIN_CLOSED (a closed session),
//      [CHROMIUM=/usr/bin/chromium]. Prints "participants: <label>=<count>" lines for the Java side to check.
import { launch, participant as open, check, expectHeading, fail, finish, gateway } from './participants.mjs';

const pair = process.env.JOIN_PAIR;
const closed = process.env.JOIN_CLOSED;
const browser = await launch();
const participant = (width) => open(browser, width);

let error = null;
try {
  // a link with a wrong key, and an address that is no study
  {
    const { context, page } = await participant();
    await page.goto(`${gateway}${pair.replace(/key=[^&]+/, 'key=wrong-key')}&PROLIFIC_PID=p-bad`);
    await expectHeading(page, 'This link does not work', 'bad link');
    await check(page, 'bad-link');
    await page.goto(`${gateway}/somewhere/else`);
    await expectHeading(page, 'Nothing here', 'not found');
    await context.close();
  }
  // a session that admits nobody any more: the page says so
  {
    const { context, page } = await participant();
    await page.goto(`${gateway}${closed}&PROLIFIC_PID=p-late`);
    await expectHeading(page, 'This study is closed', 'closed');
    const text = await page.locator('section').innerText();
    if (!/no longer takes new participants/i.test(text)) fail(`closed: the reason is not shown: ${text}`);
    await check(page, 'closed');
    await context.close();
  }
  // the first of a pair waits; a reload is the same participant, in the same place
  const first = await participant();
  await first.page.goto(`${gateway}${pair}&PROLIFIC_PID=p-first&STUDY_ID=s-1`);
  await expectHeading(first.page, 'Waiting for the others', 'waiting');
  await first.page.waitForFunction(() => /number 1 in line|next in line/.test(document.body.innerText), null, { timeout: 15000 })
    .catch(() => fail('waiting: no place in line shown'));
  await check(first.page, 'waiting');
  await first.page.reload();
  await expectHeading(first.page, 'Waiting for the others', 'waiting after a reload');
  await first.page.waitForFunction(() => /number 1 in line|next in line/.test(document.body.innerText), null, { timeout: 15000 })
    .catch(() => fail('waiting after a reload: not first in line any more'));

  // the same recruitment id in another browser is not that person
  {
    const { context, page } = await participant(360);
    await page.goto(`${gateway}${pair}&PROLIFIC_PID=p-first`);
    await expectHeading(page, 'You have already joined this study', 'taken');
    const text = await page.locator('section').innerText();
    if (!/continue in the browser where you started/i.test(text)) fail(`taken: the way on is not shown: ${text}`);
    await check(page, 'taken');
    await context.close();
  }

  // a second participant completes the pair: both are in the room, on its first state, from the room socket
  const second = await participant(360);
  await second.page.goto(`${gateway}${pair}&PROLIFIC_PID=p-second`);
  for (const [who, p] of [['first', first.page], ['second', second.page]]) {
    await expectHeading(p, 'Welcome', `room (${who})`);
    const title = await p.title();
    if (!title.includes('started')) fail(`room (${who}): the tab's title gives no cue: ${title}`);
    const strong = await p.locator('.markdown strong').innerText().catch(() => '');
    if (strong !== 'Hello') fail(`room (${who}): the Markdown is not rendered (${strong})`);
    if (await p.evaluate(() => window.pwned === 1 || document.querySelector('.markdown script') !== null)) {
      fail(`room (${who}): a script in the text reached the page`);
    }
  }
  await check(second.page, 'room');
  // the first continues, reloads, and comes back to the same state with the answer shown as sent
  await first.page.getByRole('button', { name: 'Continue' }).click();
  await first.page.waitForFunction(() => document.body.innerText.includes('Waiting for the others'), null, { timeout: 15000 })
    .catch(() => fail('room: the answer is not shown as sent'));
  await check(first.page, 'room-sent');
  await first.page.reload();
  await expectHeading(first.page, 'Welcome', 'room after a reload');
  await first.page.waitForFunction(() => document.body.innerText.includes('Waiting for the others')
    && !document.querySelector('button'), null, { timeout: 15000 })
    .catch(() => fail('room after a reload: the answer sent before is not shown as sent'));
  // the second continues: both are on the questions
  await second.page.getByRole('button', { name: 'Continue' }).click();
  for (const [who, p] of [['first', first.page], ['second', second.page]]) {
    await expectHeading(p, 'Your view', `questions (${who})`);
  }
  // nothing answered: the required question is asked for, nothing is sent
  await first.page.getByRole('button', { name: 'Submit' }).click();
  await first.page.getByText('Please answer the questions marked required.').waitFor({ timeout: 5000 })
    .catch(() => fail('questions: a missing required answer is not pointed out'));
  await check(first.page, 'questions', { newScreen: false });
  // answered by keyboard and pointer alike: a rating, a choice, a Likert point, free text
  await first.page.getByRole('group', { name: 'How do you feel?' }).getByRole('radio', { name: '5' }).check();
  await first.page.getByRole('radio', { name: 'yes' }).check();
  await first.page.getByRole('group', { name: 'I would do it again' }).getByRole('radio', { name: '4' }).check();
  await first.page.getByRole('textbox', { name: 'Why?' }).fill('It was fun.');
  await first.page.getByRole('button', { name: 'Submit' }).click();
  await first.page.waitForFunction(() => document.body.innerText.includes('Waiting for the others'), null, { timeout: 15000 })
    .catch(() => fail('questions: the answers are not shown as sent'));
  await second.page.getByRole('group', { name: 'How do you feel?' }).getByRole('radio', { name: '6' }).check();
  await second.page.getByRole('radio', { name: 'no' }).check();
  await check(second.page, 'questions-answered', { newScreen: false });
  // the room is over for both when the second submits, each with the completion code
  await second.page.getByRole('button', { name: 'Submit' }).click();
  for (const [who, p] of [['first', first.page], ['second', second.page]]) {
    await expectHeading(p, 'You have finished the study', `finished (${who})`);
    const code = (await p.locator('.code').innerText().catch(() => '')).trim();
    if (code !== 'C-DONE') fail(`finished (${who}): code ${code}, expected C-DONE`);
  }
  await check(second.page, 'finished');
  await first.context.close();
  await second.context.close();

  // a third waits alone, then leaves: the outcome, its code, and back to the study site
  {
    const { context, page } = await participant();
    await page.goto(`${gateway}${pair}&PROLIFIC_PID=p-leaver`);
    await expectHeading(page, 'Waiting for the others', 'waiting (leaver)');
    page.once('dialog', (d) => d.accept());
    await page.getByRole('button', { name: 'Leave the study' }).click();
    await expectHeading(page, 'You chose not to take part', 'left');
    const code = (await page.locator('.code').innerText()).trim();
    if (code !== 'C-NOPE') fail(`left: code ${code}, expected C-NOPE`);
    const href = await page.getByRole('link', { name: 'Return to the study site' }).getAttribute('href');
    if (!href.endsWith('cc=C-NOPE')) fail(`left: the way back is ${href}`);
    await check(page, 'done');
    await page.waitForURL((u) => u.toString().endsWith('cc=C-NOPE'), { timeout: 15000 })
      .catch(() => fail('left: not taken back to the study site'));
    await context.close();
  }
} catch (e) {
  error = e;
}
await finish(browser, error);
