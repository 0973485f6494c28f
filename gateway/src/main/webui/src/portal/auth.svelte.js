import { UserManager, WebStorageStateStore, InMemoryWebStorage } from 'oidc-client-ts';

/**
 * Staff sign-in as the gateway's `/portal/config` says: any OIDC provider (below), or Firebase Authentication
 * through its own web SDK (firebaseAuth.svelte.js, a chunk loaded only then). Both show the same face to the
 * pages: `phase`, `token`, `name`, `userId`, `signIn()`, `signOut()`.
 */
export async function startAuth() {
  const config = await (await fetch('/portal/config', { cache: 'no-cache' })).json();
  if (config.provider === 'firebase') {
    const { FirebaseAuth } = await import('./firebaseAuth.svelte.js');
    return new FirebaseAuth(config.firebase ?? {});
  }
  return new Auth(config);
}

/**
 * Staff sign-in: OIDC authorization code with PKCE, in the browser, against the provider the gateway names
 * (`/portal/config`). Tokens live in this page's memory only, never in storage or a URL: a reload signs in
 * again, which the provider's own session makes a pair of redirects without a form. They are renewed
 * silently (refresh token) before they expire; signing out ends the provider's session too. Only the PKCE
 * verifier and state of a sign-in under way sit in sessionStorage, from the redirect out to its return.
 */
export class Auth {
  user = $state(null);
  #config;
  phase = $state('starting'); // starting | signingIn | signedIn | signedOut | unconfigured | failed
  failure = $state(null);
  #manager = null;

  get token() {
    return this.user?.access_token ?? null;
  }

  constructor(config) {
    this.#config = config;
  }

  get userId() {
    return this.user?.profile?.sub ?? '';
  }

  get name() {
    const p = this.user?.profile ?? {};
    return p.name || p.preferred_username || p.email || p.sub || '';
  }

  async start() {
    const config = this.#config;
    if (!config.issuer) {
      this.phase = 'unconfigured';
      return;
    }
    const origin = window.location.origin;
    this.#manager = new UserManager({
      authority: config.issuer,
      client_id: config.clientId,
      scope: config.scope,
      redirect_uri: `${origin}/portal/callback`,
      post_logout_redirect_uri: `${origin}/portal/signed-out`,
      response_type: 'code',
      userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
      automaticSilentRenew: true,
    });
    this.#manager.events.addUserLoaded((user) => (this.user = user));
    this.#manager.events.addSilentRenewError(() => this.signIn());
    this.#manager.events.addUserSignedOut(() => this.signIn());
    const path = window.location.pathname;
    try {
      if (path === '/portal/callback') {
        const user = await this.#manager.signinRedirectCallback();
        this.user = user;
        this.phase = 'signedIn';
        window.history.replaceState(null, '', user.state?.returnTo ?? '/portal');
      } else if (path === '/portal/signed-out') {
        this.phase = 'signedOut';
      } else {
        await this.signIn();
      }
    } catch (e) {
      this.failure = e.message;
      this.phase = 'failed';
    }
  }

  async signIn() {
    this.phase = 'signingIn';
    const here = window.location.pathname.startsWith('/portal/signed-out') ? '/portal'
      : window.location.pathname + window.location.search;
    await this.#manager.signinRedirect({ state: { returnTo: here } });
  }

  async signOut() {
    const idToken = this.user?.id_token;
    this.user = null;
    await this.#manager.signoutRedirect({ id_token_hint: idToken });
  }
}
