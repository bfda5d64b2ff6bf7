// What the load sends: valid resident IDs (GB 11643 check character from src/domain), bearer tokens
// signed like `npm run token`, and a 低保 request body like README's curl example.
import { createSigner } from 'fast-jwt';
import { residentIdCheckChar } from '../../src/domain/resident-id.js';

export const STREET = '420106001';
export const COUNTY = '420106';

/** A valid 18-character resident ID: 武昌区 420106, a birth date in 1940–1999, a running sequence. */
export function residentId(n: number): string {
  const year = 1940 + (n % 60);
  const month = 1 + (Math.floor(n / 60) % 12);
  const day = 1 + (Math.floor(n / 720) % 28);
  const seq = Math.floor(n / 20_160) % 1000;
  const first17 = `420106${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

export function token(secret: string, claims: { sub: string; role: string; org: string }): string {
  return createSigner({ key: secret, algorithm: 'HS256', expiresIn: 8 * 3600_000 })(claims);
}

export function dibaoBody(n: number): string {
  return JSON.stringify({
    type: 'dibao',
    orgCode: STREET,
    applicant: { name: `申请人${n}`, idNumber: residentId(n) },
    household: { size: 1 + (n % 4), monthlyIncomeFen: 30_000 + (n % 7) * 1000 },
  });
}
