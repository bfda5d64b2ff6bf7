import { UserManager, WebStorageStateStore } from 'oidc-client-ts';

// OpenID Connect sign-in (authorization code + PKCE) against the province's identity service. The
// access token it issues carries role, org and dept; the API verifies it against the issuer's JWKS.

const CALLBACK = '/signin/callback';

function manager(cfg: { issuer: string; clientId: string; scope: string }): UserManager {
  return new UserManager({
    authority: cfg.issuer,
    client_id: cfg.clientId,
    redirect_uri: `${window.location.origin}${CALLBACK}`,
    response_type: 'code',
    scope: cfg.scope,
    // The sign-in state (verifier, nonce) in this tab's session storage; nothing in a URL but the one-time code.
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
  });
}

export const startOidcSignIn = (cfg: { issuer: string; clientId: string; scope: string }) => manager(cfg).signinRedirect();

export const isOidcCallback = () => window.location.pathname === CALLBACK;

/** Completes the redirect: the access token, and the callback's code and state gone from the address bar. */
export async function finishOidcSignIn(cfg: { issuer: string; clientId: string; scope: string }): Promise<string> {
  const user = await manager(cfg).signinRedirectCallback();
  window.history.replaceState(null, '', '/');
  return user.access_token;
}
