import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';

// Tokens of the province's identity service (OpenID Connect): RS256 or ES256, signed by a key the
// issuer publishes (JWKS, found through its discovery document), carrying role, org and dept like ours.

export interface OidcOptions {
  issuer: string;
  /** When set, the token's `aud` must name it. */
  audience?: string;
}

const OIDC_ALGORITHMS = ['RS256', 'ES256'];

/** Whether a bearer token is one for the issuer's keys (asymmetric), not one of our HS256 service tokens. */
export function isOidcToken(token: string): boolean {
  try {
    return OIDC_ALGORITHMS.includes(decodeProtectedHeader(token).alg ?? '');
  } catch {
    return false;
  }
}

/** A verifier for the issuer's tokens; its keys are fetched once and refreshed when an unknown key id appears. */
export function oidcVerifier(opts: OidcOptions): (token: string) => Promise<JWTPayload> {
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
  async function keys() {
    if (jwks) return jwks;
    const res = await fetch(new URL('.well-known/openid-configuration', opts.issuer.endsWith('/') ? opts.issuer : `${opts.issuer}/`));
    if (!res.ok) throw new Error(`OIDC discovery answered ${res.status}`);
    const { jwks_uri: uri } = (await res.json()) as { jwks_uri?: string };
    if (!uri) throw new Error('OIDC discovery names no jwks_uri');
    jwks = createRemoteJWKSet(new URL(uri));
    return jwks;
  }
  return async (token) => {
    const { payload } = await jwtVerify(token, await keys(), {
      issuer: opts.issuer,
      algorithms: OIDC_ALGORITHMS,
      ...(opts.audience ? { audience: opts.audience } : {}),
    });
    return payload;
  };
}
