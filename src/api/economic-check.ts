import { shanghaiDate } from '../domain/dates.js';
import { applyEconomicCheck } from '../domain/eligibility.js';
import { reportProblems } from '../domain/household.js';
import type { Actor } from '../domain/roles.js';
import type { CaseView } from '../domain/views.js';
import { appendHouseholdChange, householdOfCase, householdOn } from '../db/households.js';
import { personKey } from './applicant.js';
import type { ApiDeps } from './deps.js';
import { msg } from '../domain/catalogue.js';
import { ApiError, badRequest, validationFailed } from './errors.js';
import type { CaseActionBody } from './schemas/case-actions.js';

type EconomicCheck = Extract<CaseActionBody, { action: 'record-economic-check' }>;

/**
 * 家庭经济状况核对 (004; 001 §十二): the 核对 system's report replaces the declared figures in the household
 * register — members it lists take its incomes, its assets replace the declared — as a dated change
 * (idempotent on the report's reference). The workflow then hears only the report's reference and date:
 * ID numbers never reach it. Without a report, a household without registered members needs the two figures.
 */
export async function recordCheckReport(deps: Pick<ApiDeps, 'db' | 'piiHashKey'>, actor: Actor, view: CaseView, body: EconomicCheck): Promise<EconomicCheck> {
  const today = shanghaiDate(Date.now());
  const householdId = await householdOfCase(deps.db, view.caseId);
  const state = householdId ? await householdOn(deps.db, householdId, today) : undefined;
  const registered = state !== undefined && state.members.length > 0;
  if (!body.report) {
    const missing = (['perCapitaIncomeFen', 'assetsWithinLimits'] as const).filter((f) => !registered && body[f] === undefined);
    if (missing.length > 0) throw validationFailed(missing.map((path) => ({ path, message: msg('check.requiredWithoutMembers') })));
    return body;
  }
  const report = body.report;
  const own = reportProblems({ ...report, members: report.members ?? [] }, today).map((p) => ({ ...p, path: `report.${p.path}` }));
  if (own.length > 0) throw validationFailed(own);
  if (!registered) throw badRequest('report', msg('check.noMembers'));
  const lines = (report.members ?? []).map((m) => ({ idHash: personKey(deps.piiHashKey, m.idNumber), incomes: m.incomes }));
  const { household, unmatched } = applyEconomicCheck(state, { members: lines, ...(report.assets ? { assets: report.assets } : {}) }, 'idHash');
  // 多报、瞒报家庭成员 (004 §四): a person the check found whom the household did not declare is a change to record first.
  if (unmatched.length > 0) throw validationFailed(unmatched.map((i) => ({ path: `report.members.${i}.idNumber`, message: msg('check.unknownMember') })));
  const effectiveOn = report.checkedOn > state.createdOn ? report.checkedOn : state.createdOn;
  const appended = await appendHouseholdChange(deps.db, {
    householdId: state.householdId,
    changeId: `${view.caseId}:check:${report.reference}`,
    effectiveOn,
    reason: `家庭经济状况核对 ${report.reference}`,
    actor,
    at: new Date(),
    members: household.members,
    ...(household.assets ? { assets: household.assets } : {}),
    check: { reference: report.reference, checkedOn: report.checkedOn },
  });
  if (!appended.ok) throw new ApiError(409, 'conflict', msg('household.changing'));
  return { ...body, report: { reference: report.reference, checkedOn: report.checkedOn } };
}
