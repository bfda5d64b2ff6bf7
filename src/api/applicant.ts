import { createHmac } from 'node:crypto';
import type { z } from 'zod';
import type { MemberPayload, MemberRecord, SupporterPayload, SupporterRecord } from '../domain/household.js';
import { maskResidentId, normaliseResidentId, residentIdBirthDate } from '../domain/resident-id.js';
import type { ApplicantRecord } from '../domain/views.js';
import type { ChildDetails, Parent } from '../domain/child.js';
import type { Applicant, Guardian } from './schemas/intake.js';

// The PII room: the only place a full resident ID number is turned into what we keep.

/** Keyed hash that finds one person across cases without keeping the ID number in the read model. */
export const personKey = (key: string, idNumber: string) => createHmac('sha256', key).update(normaliseResidentId(idNumber)).digest('hex');

/** What workflows keep of an applicant: the name, the masked ID and its keyed hash, never the number. */
export function applicantRecord(piiHashKey: string, a: z.infer<typeof Applicant>): ApplicantRecord {
  const idNumber = normaliseResidentId(a.idNumber);
  return { name: a.name, idNumberMasked: maskResidentId(idNumber), idHash: personKey(piiHashKey, idNumber), ...(a.phone ? { phone: a.phone } : {}) };
}

/** A household member as the register keeps them: the ID as its hash and mask, and the birth date the age rules read. */
export function memberRecord(piiHashKey: string, m: MemberPayload): MemberRecord {
  const { idNumber: _id, livesTogether, ...rest } = m;
  const idNumber = normaliseResidentId(m.idNumber);
  return { ...rest, livesTogether: livesTogether !== false, birthDate: residentIdBirthDate(idNumber), idHash: personKey(piiHashKey, idNumber), idNumberMasked: maskResidentId(idNumber) };
}

/** A 特困 supporter as kept: the ID, when given, as its hash and mask. */
export function supporterRecord(piiHashKey: string, s: SupporterPayload): SupporterRecord {
  const { idNumber: given, ...rest } = s;
  if (given === undefined) return rest;
  const idNumber = normaliseResidentId(given);
  return { ...rest, idHash: personKey(piiHashKey, idNumber), idNumberMasked: maskResidentId(idNumber) };
}

/**
 * A child's case facts (孤儿, 事实无人抚养儿童): the child's birth date from the ID, the guardian with the ID
 * masked (the guardian is paid, never found by hash), the parents as declared.
 */
export function childDetails(child: z.infer<typeof Applicant>, guardian: z.infer<typeof Guardian>, parents: Parent[] | undefined): ChildDetails {
  const g = { name: guardian.name, idNumberMasked: maskResidentId(normaliseResidentId(guardian.idNumber)), relation: guardian.relation, ...(guardian.phone ? { phone: guardian.phone } : {}) };
  return { birthDate: residentIdBirthDate(child.idNumber), guardian: g, ...(parents ? { parents } : {}) };
}
