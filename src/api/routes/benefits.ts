import { and } from 'drizzle-orm';
import { createHash, randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contactDueByWhere, contactFacts, contactOverdueWhere, contactsOf, nextContactOn, recordContact } from '../../db/contacts.js';
import { CONTACT_RECORDERS, contactDateProblem, contactEveryDays, contactStanding, type ContactKind, type ContactPolicyValue, type ContactStanding } from '../../domain/contacts.js';
import { countyOf } from '../../domain/org.js';
import { benefitDetail, countBenefits, currentAmounts, findBenefit, listBenefits, setPayeeAccount, type BenefitFilter } from '../../db/benefits.js';
import { ASSESSED } from '../../domain/aid/index.js';
import { BENEFIT_ACTORS, BENEFIT_TYPES, allowedBenefitActions, benefitContextOf, checkBenefitAction, totalOf, type BenefitActionRequest, type BenefitStatus, type BenefitType, type PayeeAmount } from '../../domain/benefits.js';
import { isValidResidentId, maskResidentId, normaliseResidentId } from '../../domain/resident-id.js';
import { shanghaiDate } from '../../domain/dates.js';
import { POLICY_KEYS } from '../../domain/policy.js';
import { contactPolicy, standardIsPlaceholder, type StandardKey } from '../../db/policies.js';
import { BENEFIT_READERS, canSee, departmentOf, type Actor, type Role } from '../../domain/roles.js';
import { benefitActionUpdate } from '../../workflows/messages.js';
import { listScope, requireRole } from '../auth.js';
import { maskAccount } from '../bank-accounts.js';
import type { ApiDeps } from '../deps.js';
import { msg } from '../../domain/catalogue.js';
import { ERROR_RESPONSES, badRequest, forbidden, invalidTransition, notFound } from '../errors.js';
import { actionUpdateId } from '../idempotency.js';
import { AccountBody, Benefit, BenefitActionBody, BenefitList, BenefitListQuery, BenefitParams, ContactBody, PayeeParams, benefitActionFormOf, contactFormSchema } from '../schemas/benefits.js';
import { IdempotencyHeaders } from '../schemas/common.js';
import { executeUpdate } from '../workflow-calls.js';


type Row = NonNullable<Awaited<ReturnType<typeof findBenefit>>>;

const contextOf = (r: Row) => benefitContextOf({ type: r.type as BenefitType, orgCode: r.orgCode, status: r.status as BenefitStatus });

/** How the person is kept in touch with: the domain's standing from the last contact and the county's `contact` policy. */
const contactOf = (r: Row, facts: { lastOn: string | null; livesAlone: boolean }, policy: ContactPolicyValue, today: string) =>
  contactStanding({ everyDays: contactEveryDays(r.type as BenefitType, facts.livesAlone, policy), lastOn: facts.lastOn, openedOn: shanghaiDate(r.openedAt), stopped: r.status === 'stopped', today });

const summaryOf = (r: Row, amounts: PayeeAmount[] | null, contact: ContactStanding) => ({
  benefitId: r.benefitId,
  caseId: r.caseId,
  type: r.type as BenefitType,
  orgCode: r.orgCode,
  applicantName: r.applicantName,
  status: r.status as 'active',
  stopReason: r.stopReason,
  monthlyAmountFen: amounts ? totalOf(amounts) : 0,
  firstMonth: r.firstMonth,
  lastMonth: r.lastMonth,
  endsAfterMonth: r.endsAfterMonth,
  reviewDueDate: r.reviewDueDate,
  reviewDeadline: r.reviewDeadline,
  reviewOverdue: r.reviewOverdue,
  contact,
});

/** The standard each type's amounts follow (公租房 pays the approved subsidy). */
const STANDARD_OF: Record<BenefitType, StandardKey | undefined> = {
  dibao: POLICY_KEYS.dibaoStandard,
  tekun: POLICY_KEYS.tekunStandard,
  housing: undefined,
  orphan: POLICY_KEYS.childStandard,
  'defacto-orphan': POLICY_KEYS.childStandard,
};

/** An approver of another department sees only its own department's benefits. */
const departmentTypes = (actor: Actor): readonly BenefitType[] | undefined =>
  actor.role === 'approver' ? BENEFIT_TYPES.filter((t) => ASSESSED[t].department === departmentOf(actor)) : undefined;

/** A new guardian's ID number never enters workflow history: the benefit keeps it masked. */
function withoutFullIds(body: BenefitActionRequest): BenefitActionRequest {
  if (body.action !== 'change-guardian') return body;
  return { ...body, guardian: { ...body.guardian, idNumber: maskResidentId(normaliseResidentId(body.guardian.idNumber)) } };
}

export const benefitRoutes =
  ({ db, temporal, accounts }: ApiDeps): FastifyPluginAsyncZod =>
  async (app) => {
    /** The benefit if the caller may read it; what it may not see does not exist for it. */
    async function readable(actor: Actor, benefitId: string): Promise<Row> {
      const row = await findBenefit(db, benefitId);
      const visible = row && BENEFIT_READERS.includes(actor.role) && canSee(actor, contextOf(row));
      if (!visible) throw notFound(msg('benefit.notFound', { id: benefitId }));
      return row;
    }

    /** The benefit as `actor` reads it: with the actions it may take now and their forms. */
    async function detail(row: Row, actor: Actor) {
      const today = shanghaiDate(Date.now());
      const [d, facts, policy, contacts] = await Promise.all([benefitDetail(db, row, today), contactFacts(db, [row]), contactPolicy(db, row.countyCode, today), contactsOf(db, row.benefitId)]);
      const standard = STANDARD_OF[row.type as BenefitType];
      const allowed = allowedBenefitActions(actor, contextOf(row));
      return {
        ...summaryOf(row, d.amounts, contactOf(row, facts.get(row.benefitId)!, policy, today)),
        standardPlaceholder: standard ? await standardIsPlaceholder(db, row.countyCode, standard, d.shownMonth) : false,
        payees: d.payees.map((p) => ({
          payee: p.payee,
          name: p.name,
          monthlyAmountFen: d.amounts?.find((a) => a.payee === p.payee)?.monthlyAmountFen ?? 0,
          bankName: p.bankName,
          accountMasked: p.accountMasked,
        })),
        basis: d.basis,
        payments: d.payments.map((p) => ({ month: p.month, payee: p.payee, amountFen: p.amountFen, status: p.status, payrollId: p.payrollId, attempts: p.attempts, failureReason: p.failureReason })),
        history: d.history.map((e) => ({ at: e.at.toISOString(), actor: { sub: e.actorSub, role: e.actorRole }, action: e.action, summary: e.summary, details: e.details })),
        allowedActions: allowed,
        actionForms: allowed.map((a) => benefitActionFormOf(row.type as BenefitType, a)),
        accountEditable: (BENEFIT_ACTORS as readonly Role[]).includes(actor.role),
        contacts: contacts.map((c) => ({
          contactId: c.contactId,
          on: c.contactedOn,
          kind: c.kind as ContactKind,
          findings: c.findings,
          recordedBy: { sub: c.actorSub, role: c.actorRole, ...(c.actorName ? { name: c.actorName } : {}) },
          recordedAt: c.recordedAt.toISOString(),
        })),
        contactForm: CONTACT_RECORDERS.includes(actor.role) && row.status !== 'stopped' ? { label: '登记联系', schema: contactFormSchema } : null,
      };
    }

    app.get('/benefits', {
      schema: {
        tags: ['benefits'],
        summary: '待遇 in the caller’s scope (e.g. ?reviewDueBefore= for the reviews to do)',
        querystring: BenefitListQuery,
        response: { 200: BenefitList, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const { actor } = request;
        const q = request.query;
        requireRole(actor, BENEFIT_READERS, 'what.listBenefits');
        if (q.cursor && q.offset !== undefined) throw badRequest('offset', msg('field.cursorOrOffset'));
        if (q.cursor && q.sortBy) throw badRequest('cursor', msg('field.cursorWithSort'));
        let after: string | undefined;
        if (q.cursor) {
          after = Buffer.from(q.cursor, 'base64url').toString('utf8');
          if (!after.startsWith('benefit-')) throw badRequest('cursor', msg('field.cursor'));
        }
        // A type asked for narrows what the caller's department sees; never widens it.
        const own = departmentTypes(actor);
        const types = q.type ? (own ?? BENEFIT_TYPES).filter((t) => t === q.type) : own;
        const orgCode = listScope(actor, q.orgCode);
        const today = shanghaiDate(Date.now());
        // One county per list (a street's or the county's own): one `contact` policy for all its rows.
        const policy = await contactPolicy(db, countyOf(orgCode), today);
        const next = nextContactOn((type, alone) => contactEveryDays(type, alone, policy));
        const filter: BenefitFilter = {
          orgCode,
          status: q.status,
          reviewDueBefore: q.reviewDueBefore,
          after,
          ...(q.sortBy ? { sortBy: q.sortBy, sortOrder: q.sortOrder } : {}),
          ...(q.offset !== undefined ? { offset: q.offset } : {}),
          limit: q.limit + 1,
          ...(types ? { types } : {}),
          nextContactOn: next,
          contactDue: and(q.contactOverdue === 'true' ? contactOverdueWhere(today, next) : undefined, q.contactDueBefore ? contactDueByWhere(q.contactDueBefore, next) : undefined),
        };
        // The page, then its total (never side by side: see GET /v1/cases).
        const rows = await listBenefits(db, filter);
        const total = await countBenefits(db, filter);
        const page = rows.slice(0, q.limit);
        const [amounts, facts] = await Promise.all([currentAmounts(db, page, today), contactFacts(db, page)]);
        return {
          items: page.map((r) => summaryOf(r, amounts.get(r.benefitId) ?? null, contactOf(r, facts.get(r.benefitId)!, policy, today))),
          nextCursor: rows.length > q.limit && !q.sortBy ? Buffer.from(page.at(-1)!.benefitId).toString('base64url') : null,
          total,
        };
      },
    });

    app.get('/benefits/:benefitId', {
      schema: { tags: ['benefits'], summary: 'A benefit: amounts this month, payees, payments and history', params: BenefitParams, response: { 200: Benefit, ...ERROR_RESPONSES } },
      handler: async (request) => detail(await readable(request.actor, request.params.benefitId), request.actor),
    });

    app.post('/benefits/:benefitId/actions', {
      schema: {
        tags: ['benefits'],
        summary: 'record-change, suspend, resume, stop {reason}, record-review {outcome}: the street’s caseworker or the county’s approver',
        description: 'Wrong role or street: 403. Wrong status: 409 invalid_transition. Bad payload: 400 naming the field. A change governs from next month; a stop pays through its month and nothing after.',
        params: BenefitParams,
        headers: IdempotencyHeaders,
        body: BenefitActionBody,
        response: { 200: Benefit, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const { actor } = request;
        const row = await readable(actor, request.params.benefitId);
        // The workflow's validator runs the same check; here it also answers for a stopped benefit, whose workflow has ended.
        const check = checkBenefitAction(request.body.action, actor, contextOf(row));
        if (!check.ok) throw check.reason === 'forbidden' ? forbidden(check.message) : invalidTransition(check.message);
        if (request.body.action === 'change-guardian' && !isValidResidentId(request.body.guardian.idNumber)) throw badRequest('guardian.idNumber', msg('field.residentId'));
        const key = request.headers['idempotency-key'];
        const updateId = key ? await actionUpdateId(db, actor, row.benefitId, request.body, key) : undefined;
        await executeUpdate(temporal, row.benefitId, benefitActionUpdate, { args: [{ actor, request: withoutFullIds(request.body) }], ...(updateId ? { updateId } : {}) });
        return detail((await findBenefit(db, row.benefitId))!, actor);
      },
    });

    app.post('/benefits/:benefitId/contacts', {
      schema: {
        tags: ['benefits'],
        summary: 'A visit or a call to the benefit’s person, by the street’s caseworker: the next contact falls due from its date',
        description:
          'Another role: 403; another street’s benefit: 404. A stopped benefit: 409 invalid_transition. A date after today or a bad field: 400 naming it. An Idempotency-Key records a retried request once.',
        params: BenefitParams,
        headers: IdempotencyHeaders,
        body: ContactBody,
        response: { 201: Benefit, ...ERROR_RESPONSES },
      },
      handler: async (request, reply) => {
        const { actor } = request;
        const row = await readable(actor, request.params.benefitId);
        requireRole(actor, CONTACT_RECORDERS, 'what.recordContact');
        if (row.status === 'stopped') throw invalidTransition(msg('benefit.stopped'));
        const today = shanghaiDate(Date.now());
        const problem = contactDateProblem(request.body.on, today);
        if (problem) throw badRequest(problem.path, problem.message);
        const key = request.headers['idempotency-key'];
        const contactId = key ? `contact-${createHash('sha256').update(`${row.benefitId}\n${actor.sub}\n${key}`).digest('hex').slice(0, 32)}` : `contact-${randomUUID()}`;
        await recordContact(db, { contactId, benefitId: row.benefitId, ...request.body, actor, at: new Date() });
        return reply.code(201).send(await detail(row, actor));
      },
    });

    app.put('/benefits/:benefitId/payees/:payee/account', {
      schema: {
        tags: ['benefits'],
        summary: 'A payee’s bank account (stored encrypted, shown masked): payments held for want of one are paid by the next payroll',
        params: PayeeParams,
        body: AccountBody,
        response: { 200: Benefit, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const { actor } = request;
        const row = await readable(actor, request.params.benefitId);
        requireRole(actor, BENEFIT_ACTORS, 'what.setAccount');
        // Allowed after a stop too: a returned month it still owes is paid to the corrected account.
        const { bankName, accountNumber } = request.body;
        const set = await setPayeeAccount(db, {
          benefitId: row.benefitId,
          payee: request.params.payee,
          bankName,
          accountEncrypted: accounts.encrypt(accountNumber),
          accountMasked: maskAccount(accountNumber),
          actor,
          at: new Date(),
        });
        if (!set) throw notFound(msg('benefit.noPayee', { id: row.benefitId, payee: request.params.payee }));
        return detail((await findBenefit(db, row.benefitId))!, actor);
      },
    });
  };
