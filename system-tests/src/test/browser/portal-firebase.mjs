// The portal on a gateway configured for Firebase Authentication (its web SDK, pointed at a stand-in that
// signs its tokens as Firebase does): the portal's own sign-in form, a wrong password refused with a message,
// the right one signs in; the experiment made through the API with this account's token is listed, a new one
// is created here (the services take the SDK's ID token); no token kept in the browser's storage; signing out.
// axe-core on every screen; pictures at 1280 and 360 px.
//
// env: GATEWAY_URL (the Firebase gateway), SHOTS, EMAIL, PASSWORD, EXPERIMENT_TITLE
import { launch, participant, check, expectHeading, expectText, fail, finish, gateway } from './participants.mjs';

const browser = await launch();
let error = null;
const shot = (page, name, options = {}) => check(page, name, { prefix: 'portal-firebase', ...options });

try {
  const { page, context } = await participant(browser, 1280, 'firebase');
  await page.goto(`${gateway}/portal`);
  await expectHeading(page, 'Sign in to the HyperStudy portal', 'sign-in form');
  await shot(page, 'sign-in');

  await page.getByLabel('E-mail address').fill(process.env.EMAIL);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expectText(page, 'That e-mail address and password do not match an account.', 'a wrong password');
  if (await page.getByLabel('Password').getAttribute('aria-invalid') !== 'true') fail('a wrong password: the field is not marked');
  await shot(page, 'refused', { newScreen: false });

  await page.getByLabel('Password').fill(process.env.PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expectHeading(page, 'Experiments', 'experiments');
  await expectText(page, `Signed in as ${process.env.EMAIL}`, 'who is signed in');
  await expectText(page, process.env.EXPERIMENT_TITLE, 'the account\'s experiment');
  const kept = await page.evaluate(async () => {
    // where the SDK keeps a signed-in user unless told to keep it in memory: "firebase:authUser:…" keys and
    // the firebaseLocalStorageDb database (the app's heartbeat database holds no account data)
    const names = [...Object.keys(localStorage), ...Object.keys(sessionStorage)].filter((k) => /authUser|token/i.test(k));
    const databases = indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name) : [];
    return [...names, ...databases.filter((n) => /firebaseLocalStorage/i.test(n))];
  });
  if (kept.length) fail(`the browser keeps the sign-in: ${kept}`);
  await shot(page, 'experiments');

  await page.getByLabel('Title').fill('Made with Firebase sign-in');
  await page.getByRole('button', { name: 'Create' }).click();
  await expectHeading(page, 'Made with Firebase sign-in', 'created');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expectHeading(page, 'You are signed out', 'signed out');
  await page.getByRole('button', { name: 'Sign in again' }).click();
  await expectHeading(page, 'Sign in to the HyperStudy portal', 'sign-in form again');
  // a reload keeps nothing: the form again, not the experiments
  await page.goto(`${gateway}/portal`);
  await expectHeading(page, 'Sign in to the HyperStudy portal', 'after a reload');
  await context.close();
} catch (e) {
  error = e;
}
await finish(browser, error);
