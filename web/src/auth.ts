// Who is signed in. The token lives in session storage (this tab only), never in a URL.

export const ROLES = ['caseworker', 'approver', 'committee', 'supervisor', 'system', 'auditor', 'policy'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  sub: string;
  role: Role;
  org: string;
  dept?: string;
  /** The person's name: the OIDC token's, or the development sign-in's. */
  name?: string;
  exp?: number;
}

const KEY = 'jiuzhu.token';
const listeners = new Set<() => void>();

export function currentToken(): string | null {
  const token = sessionStorage.getItem(KEY);
  if (!token) return null;
  const actor = decode(token);
  if (!actor || (actor.exp && actor.exp * 1000 < Date.now())) {
    sessionStorage.removeItem(KEY);
    return null;
  }
  return token;
}

/** The claims of a token; the API verifies it, the console only reads who it is for. */
export function decode(token: string): Actor | null {
  try {
    const part = token.split('.')[1] ?? '';
    const json = decodeURIComponent(
      atob(part.replace(/-/g, '+').replace(/_/g, '/'))
        .split('')
        .map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
        .join(''),
    );
    const claims = JSON.parse(json) as Actor;
    return typeof claims.role === 'string' && typeof claims.org === 'string' ? claims : null;
  } catch {
    return null;
  }
}

export function currentActor(): Actor | null {
  const token = currentToken();
  return token ? decode(token) : null;
}

export function signIn(token: string): void {
  sessionStorage.setItem(KEY, token);
  listeners.forEach((l) => l());
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
  listeners.forEach((l) => l());
}

export function onAuthChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
