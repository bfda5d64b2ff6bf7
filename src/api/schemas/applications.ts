import { z } from 'zod';
import { says } from '../validation.js';
import { CASE_STATUSES, CASE_TYPES } from '../../domain/cases.js';
import { DEPARTMENTS } from '../../domain/roles.js';
import { WorkingDaysLeft } from './cases.js';
import { Fen, StreetCode, Text } from './common.js';
import {
  Applicant,
  Commitments,
  EducationIntake,
  EmploymentIntake,
  Guardian,
  Household,
  HousingIntake,
  LegalAidIntake,
  Parents,
  MedicalIntake,
  Pledged,
  TekunIntake,
  TemporaryRequest,
  Residence,
  checkHousehold,
  checkIntake,
  checkResidence,
  householdCheckable,
} from './intake.js';

export const ApplicationBody = z
  .strictObject({
    orgCode: StreetCode,
    applicant: Applicant,
    household: Household,
    requested: z
      .array(z.enum(CASE_TYPES))
      .max(CASE_TYPES.length)
      .refine((r) => new Set(r).size === r.length, says('field.eachTypeOnce'))
      .describe('aid types asked for; the assessment may propose more'),
    commitments: Commitments,
    pledgedInsteadOfProof: Pledged.optional(),
    assessment: z
      .strictObject({
        householdStructure: z
          .strictObject({
            elderly: z.number().int().min(0).max(50).optional(),
            children: z.number().int().min(0).max(50).optional(),
            students: z.number().int().min(0).max(50).optional(),
            disabled: z.number().int().min(0).max(50).optional(),
            singleParent: z.boolean().optional(),
            livesAlone: z.boolean().optional(),
          })
          .optional(),
        health: z.strictObject({ seriousIllness: z.boolean().optional(), disability: z.boolean().optional(), note: Text(2000).optional() }).optional(),
        workAbility: z.enum(['full', 'partial', 'none']).optional(),
        causeOfHardship: Text(2000).optional(),
        rigidExpensesFen: z.strictObject({ medical: Fen.optional(), education: Fen.optional(), other: Fen.optional() }).optional(),
      })
      .optional()
      .describe('综合评估 as the window recorded it; the service adds income against the standard and proposes measures'),
    temporary: TemporaryRequest.optional(),
    tekun: TekunIntake.optional(),
    medical: MedicalIntake.optional(),
    education: EducationIntake.optional(),
    housing: HousingIntake.optional(),
    employment: EmploymentIntake.optional(),
    legalAid: LegalAidIntake.optional(),
    guardian: Guardian.optional().describe('孤儿, 事实无人抚养儿童 (requested, or 孤儿 proposed by the assessment)'),
    parents: Parents.optional().describe('事实无人抚养儿童; for a child whose parents are both dead or missing the assessment proposes 孤儿'),
    acceptedAt: z.iso.datetime({ offset: true }).optional().describe('system imports only'),
    residence: Residence.optional(),
  })
  .superRefine(checkResidence)
  // Proposals may open tekun, education or orphan cases too: their optional fields are welcome.
  .superRefine((b, ctx) => checkIntake(b, [...b.requested, 'tekun', 'education', 'orphan'], ctx, b.requested))
  .superRefine(checkHousehold, householdCheckable);
export type ApplicationBody = z.infer<typeof ApplicationBody>;

export const ApplicationParams = z.strictObject({ applicationId: z.string().min(1).max(100) });

const ChildCase = z.object({
  caseId: z.string(),
  caseNumber: z.string().nullable().describe('受理编号 (420106-2026-000123); null only if the case is not recorded yet'),
  type: z.enum(CASE_TYPES),
  department: z.enum(DEPARTMENTS),
  status: z.enum(CASE_STATUSES),
  step: z.string(),
  dueDate: z.string().nullable(),
  dueAt: z.string().nullable(),
  workingDaysLeft: WorkingDaysLeft,
  overdue: z.boolean(),
});

export const Application = z
  .looseObject({
    applicationId: z.string(),
    orgCode: z.string(),
    status: z.enum(['open', 'closed']).describe('open until every case is closed'),
    flagged: z.boolean().describe('on the dishonesty list at intake: each case needs the county’s review before its decision'),
    assessment: z.looseObject({ measures: z.array(z.looseObject({ kind: z.string(), source: z.string(), reason: z.string(), opensCase: z.boolean() })) }).nullable(),
    cases: z.array(ChildCase),
  })
  .meta({ id: 'Application' });
