import { z } from 'zod';
import { Applicant } from './intake.js';

export const DishonestyLookup = z.strictObject({ idNumber: Applicant.shape.idNumber });

export const DishonestyEntries = z.object({
  listedNow: z.boolean(),
  entries: z.array(
    z.object({
      applicantIdMasked: z.string(),
      elsewhere: z.boolean().describe('listed by another county: only that, and until when, is shown'),
      reason: z.string().nullable().describe('null for another county’s entry'),
      sourceCaseId: z.string().nullable().describe('null for another county’s entry'),
      startDate: z.string().nullable().describe('null for another county’s entry'),
      expiresOn: z.string(),
      active: z.boolean(),
    }),
  ),
});
