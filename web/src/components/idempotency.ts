import { useState } from 'react';

/**
 * An Idempotency-Key per body sent from one form: the same body again (a double click, a retry) is the same
 * request; a body corrected after a refusal is a new one (its key's first use was the refused body).
 */
export function useIdempotencyKeys(): (body: unknown) => string {
  const [keys] = useState(() => new Map<string, string>());
  return (body) => {
    const text = JSON.stringify(body);
    const key = keys.get(text) ?? crypto.randomUUID();
    keys.set(text, key);
    return key;
  };
}
