import { createHmac } from 'node:crypto';
import type { z } from 'zod';
import { maskResidentId, normaliseResidentId } from '../domain/resident-id.js';
import type { ApplicantRecord } from '../domain/views.js';
import type { Applicant } from './schemas/intake.js';

// The PII room: the only place a full resident ID number is turned into what we keep.

/** Keyed hash that finds one person across cases without keeping the ID number in the read model. */
export const personKey = (key: string, idNumber: string) => createHmac('sha256', key).update(normaliseResidentId(idNumber)).digest('hex');

/** What workflows keep of an applicant: the name, the masked ID and its keyed hash, never the number. */
export function applicantRecord(piiHashKey: string, a: z.infer<typeof Applicant>): ApplicantRecord {
  const idNumber = normaliseResidentId(a.idNumber);
  return { name: a.name, idNumberMasked: maskResidentId(idNumber), idHash: personKey(piiHashKey, idNumber), ...(a.phone ? { phone: a.phone } : {}) };
}
