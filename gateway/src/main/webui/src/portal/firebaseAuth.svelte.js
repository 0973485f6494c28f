import { initializeApp } from 'firebase/app';
import {
  initializeAuth, inMemoryPersistence, browserPopupRedirectResolver, connectAuthEmulator, onIdTokenChanged,
  signInWithEmailAndPassword, signInWithRedirect, getRedirectResult, GoogleAuthProvider, signOut,
} from 'firebase/auth';

/**
 * Staff sign-in with Firebase Authentication (the seed's provider), through Firebase's own web SDK: e-mail and
 * password on the portal's own form, or a Google account by redirect, as the gateway's configuration offers.
 * As with OIDC, the tokens live in this page's memory only (in-memory persistence: nothing in localStorage or
 * IndexedDB), so a reload asks again; the SDK renews the ID token before it expires and `onIdTokenChanged`
 * hands each new one to the pages. The services check it as any OIDC token: issuer
 * https://securetoken.google.com/<project>, audience the project id, roles a custom claim.
 */
export class FirebaseAuth {
  user = $state(null); // { uid, email, displayName, token }
  phase = $state('starting'); // starting | form | signingIn | signedIn | signedOut | unconfigured | failed
  failure = $state(null);
  methods = [];
  #config;
  #auth = null;

  constructor(config) {
    this.#config = config;
    this.methods = config.signInMethods ?? ['password'];
  }

  get token() {
    return this.user?.token ?? null;
  }

  get userId() {
    return this.user?.uid ?? '';
  }

  get name() {
    return this.user?.displayName || this.user?.email || this.user?.uid || '';
  }

  async start() {
    const c = this.#config;
    if (!c.apiKey || !c.projectId) {
      this.phase = 'unconfigured';
      return;
    }
    const app = initializeApp({ apiKey: c.apiKey, authDomain: c.authDomain, projectId: c.projectId }, 'hyperstudy-portal');
    this.#auth = initializeAuth(app, { persistence: inMemoryPersistence, popupRedirectResolver: browserPopupRedirectResolver });
    if (c.emulatorUrl) connectAuthEmulator(this.#auth, c.emulatorUrl, { disableWarnings: true });
    onIdTokenChanged(this.#auth, async (u) => {
      if (!u) {
        this.user = null;
        return;
      }
      this.user = { uid: u.uid, email: u.email, displayName: u.displayName, token: await u.getIdToken() };
      this.phase = 'signedIn';
    });
    try {
      // back from Google's page: the result signs in (and fires the listener above)
      if (this.methods.includes('google') && (await getRedirectResult(this.#auth))) return;
    } catch (e) {
      this.failure = e.code ?? e.message;
    }
    if (this.phase !== 'signedIn') this.phase = 'form';
  }

  /** Shows the sign-in form again (after signing out or a failure). */
  async signIn() {
    this.failure = null;
    this.phase = 'form';
  }

  /** E-mail and password; a refusal is kept in `failure` (a Firebase error code) and the form stays. */
  async signInWithPassword(email, password) {
    this.failure = null;
    this.phase = 'signingIn';
    try {
      await signInWithEmailAndPassword(this.#auth, email, password);
    } catch (e) {
      this.failure = e.code ?? e.message;
      this.phase = 'form';
    }
  }

  async signInWithGoogle() {
    this.phase = 'signingIn';
    await signInWithRedirect(this.#auth, new GoogleAuthProvider());
  }

  async signOut() {
    await signOut(this.#auth);
    this.user = null;
    this.phase = 'signedOut';
  }
}
