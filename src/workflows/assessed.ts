import { sleep } from '@temporalio/workflow';
import { disasterSchedule } from '../domain/aid/disaster.js';
import { buildSchedule } from '../domain/instalments.js';
import type { ActionRequest } from '../domain/action-payloads.js';
import { ASSESSED, type OwnAction as OwnAction_ } from '../domain/aid/index.js';
import { approvalProblems, stepAfter, stepsFor, type AssessedDeclaration } from '../domain/aid/declaration.js';
import { STEP_NAMES, type AssessedStep, type AssessedType } from '../domain/cases.js';
import { shanghaiDate, startOfShanghaiDay } from '../domain/dates.js';
import { formatFen } from '../domain/money.js';
import { listOf, msg, typeName } from '../domain/catalogue.js';
import { SERVICE_ACTOR, type Actor } from '../domain/roles.js';
import type { CaseView, DecisionRecord } from '../domain/views.js';
import { acts, atAcceptance } from './activities.js';
import { answersRequest, type AcceptanceFacts } from '../domain/acceptance.js';
import { acceptAssessed, acceptanceRequestOf } from '../domain/case-acceptance.js';
import { isBenefitType, type BenefitOpening } from '../domain/benefits.js';
import { endsAfterMonthOf, isChildType } from '../domain/child.js';
import type { GateOutcome } from '../domain/decision-gate.js';
import { CaseEntity, type Handlers } from './case-entity.js';
import { invalidPayload, reject } from './failures.js';
import { CaseFailure, benefitIdFor, type CaseInput } from './messages.js';
import { cooperationIdOf, cooperationOverdue, type ResidenceRequest } from '../domain/residence.js';
import { nowIso } from './time.js';
import { takes } from './patches.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The sooner of two optional instants. */
const earliest = (...at: Array<number | undefined>): number | undefined => {
  const given = at.filter((x): x is number => x !== undefined);
  return given.length > 0 ? Math.min(...given) : undefined;
};

/** The actions the assessed types declare (domain/aid), beyond those every case has. */
type OwnAction = OwnAction_<AssessedType>;
type Own = ActionRequest<OwnAction>;
type Decide = ActionRequest<'decide'>;

/**
 * A case of an assessed aid type (低保, 特困, 医疗, 教育, 公租房, 就业, 法律援助, 孤儿, 事实无人抚养儿童): the
 * type's steps — economic check, school investigation, street review, assessment, home visit, publicity
 * with objections — lead to a decision
 * under the region's working-day deadline. Which steps, and who acts in each, is the type's declaration.
 */
class AssessedCase extends CaseEntity<Own> {
  private steps: AssessedStep[];

  constructor(
    input: CaseInput,
    private readonly type: AssessedDeclaration,
  ) {
    super(input, stepsFor(type, false)[0]!);
    this.steps = stepsFor(type, false);
  }

  /** Acceptance: our records (a recipient skips the steps they make unnecessary), the policy in force, the deadline. */
  async accept(): Promise<void> {
    const { s, type } = this;
    // Facts the API read at the window are taken before the first await: a step the caller sends right
    // after the start may come in this very activation, and finds the case accepted. Across an await, the
    // steps' handlers are set first (a step then waits as busy, as it always did).
    const given = this.factsGiven();
    if (!given || this.input.residence || this.input.intake?.disaster) this.listenForSteps();
    const facts = given ?? (await this.readFacts());
    this.steps = acceptAssessed(this.record, { declaration: type, facts, intake: this.input.intake, acceptedBy: this.input.acceptedBy });
    this.clock.setTerms(facts.policy);
    if (facts.deadline) this.clock.begin(facts.deadline);
    if (this.input.residence && takes('residence-cooperation')) await this.requestCooperation(this.input.residence);
    // 受灾人员救助: the months 过渡期生活救助 may last, as the policy says on the acceptance day.
    if (s.disaster) s.disaster.maxMonths = await atAcceptance().disasterMonths({ countyCode: s.countyCode, asOf: shanghaiDate(s.acceptedAt) });
    this.clock.tick(); // a backdated import may be overdue the moment it arrives
    // The API recorded this very acceptance before it answered: steps are taken from now on, and the write
    // below (queued before any step's) confirms the read model's, or makes it if the API's was lost.
    this.acceptedAtWindow = this.input.recordedAtWindow === true;
    const saved = this.record.save(atAcceptance());
    this.listenForSteps(); // a step buffered with the start is taken now, its write queued after this one
    await saved;
    this.registered = true;
  }

  /** The facts the API read at the window, when they answer this case's own request (the same day, records, deadline). */
  private factsGiven(): AcceptanceFacts | undefined {
    if (!takes('one-acceptance-read')) return undefined;
    const given = this.input.acceptance;
    return given && answersRequest(given.request, acceptanceRequestOf(this.input, this.type, this.s.acceptedAt)) && takes('acceptance-read-at-window') ? given.facts : undefined;
  }

  /** What acceptance reads, read here: in one local activity, or in a history from before it, one activity each, in this order. */
  private async readFacts(): Promise<AcceptanceFacts> {
    const { s, type } = this;
    const asOf = shanghaiDate(s.acceptedAt);
    if (takes('one-acceptance-read')) return atAcceptance().acceptanceFacts(acceptanceRequestOf(this.input, type, s.acceptedAt));
    const checks = !this.recordsChecked && takes('intake-checks') ? await atAcceptance().intakeChecks({ applicantIdHash: this.input.applicant.idHash, asOf: shanghaiDate(this.input.acceptedAt ?? Date.now()) }) : undefined;
    const policy = await atAcceptance().loadCasePolicy({ countyCode: s.countyCode, type: s.type, asOf });
    const deadline =
      type.clockFrom === 'acceptance'
        ? await atAcceptance().computeDeadline({ startDate: asOf, workingDays: policy.deadlineWorkingDays, reminderWorkingDays: policy.reminderWorkingDays, orgCode: s.orgCode })
        : undefined;
    return { policy, ...(checks ? { checks } : {}), ...(deadline ? { deadline } : {}) };
  }

  /**
   * 居住地申办: the 户籍 county is asked to cooperate on the checks (协查) within the policy's working
   * days; the decision waits for its answer (`check`), and past the due day the request is overdue.
   */
  private async requestCooperation(residence: ResidenceRequest): Promise<void> {
    const { s } = this;
    const deadline = await atAcceptance().cooperationDeadline({ countyCode: s.countyCode, hukouCounty: residence.hukouCounty, acceptedOn: shanghaiDate(s.acceptedAt) });
    s.cooperation = {
      requestId: cooperationIdOf(s.caseId),
      caseId: s.caseId,
      fromCounty: s.countyCode,
      toCounty: residence.hukouCounty,
      permitNumber: residence.permitNumber,
      status: 'open',
      requestedAt: s.acceptedAt,
      dueDate: deadline.dueDate,
      dueAt: deadline.dueAt,
      workingDays: deadline.workingDays,
      findings: null,
      householdSituation: null,
      answeredAt: null,
      answeredBy: null,
      overdueSince: null,
    };
    const text = `居住地申办：已向户籍地（${residence.hukouCounty}）发出协查请求，${deadline.dueDate} 前答复`;
    this.record.log(SERVICE_ACTOR, 'cooperation-requested', text, { requestId: s.cooperation.requestId, toCounty: residence.hukouCounty, dueDate: deadline.dueDate, permitNumber: residence.permitNumber }, s.acceptedAt);
    this.record.notify('cooperation-requested', 'cooperation-requested', [{ role: 'supervisor', org: residence.hukouCounty }], text);
  }

  /** When the cooperation request falls due, if it is still unanswered. */
  private cooperationDue(): number | undefined {
    const c = this.s.cooperation;
    return c && c.status === 'open' ? Math.max(Date.parse(c.dueAt), Date.now() + 1) : undefined;
  }

  /** Past the end of its due day (working days, holidays off) an unanswered request is overdue: both counties are told. */
  private cooperationOverdueIfDue(): boolean {
    const { s } = this;
    const c = s.cooperation;
    if (!c || !cooperationOverdue(c, Date.now())) return false;
    c.status = 'overdue';
    c.overdueSince = nowIso();
    const text = `协查请求已超期：户籍地（${c.toCounty}）未在 ${c.dueDate} 前答复`;
    this.record.log(SERVICE_ACTOR, 'cooperation-overdue', text, { requestId: c.requestId, dueDate: c.dueDate });
    this.record.notify('cooperation-overdue', 'cooperation-overdue', [
      { role: 'supervisor', org: c.fromCounty },
      { role: 'supervisor', org: c.toCounty },
      { role: 'caseworker', org: s.orgCode },
    ], text);
    return true;
  }

  /** The steps run on the caseworkers' actions; the clock wakes for its deadlines and for publicity's end. */
  async decided(): Promise<CaseView> {
    const verification = this.watchVerification();
    await this.clock.run({
      until: () => this.s.step === 'closed' || this.s.step === 'installments',
      alsoAt: () => earliest(this.publicityEnds(), this.cooperationDue()),
      onWake: async () => [await this.closePublicityIfDue(), this.cooperationOverdueIfDue()].some(Boolean),
    });
    // 受灾人员救助 approved: paid at once, or month by month (过渡期生活救助).
    if (this.s.step === 'installments') await this.payDisasterAid();
    return this.finish(verification);
  }

  protected check(_actor: Actor, r: Own): void {
    const c = this.s.cooperation;
    if (r.action === 'decide' && c && c.status !== 'answered') {
      throw reject(CaseFailure.CooperationPending, msg('cooperation.pending', { county: c.toCounty, dueDate: c.dueDate }));
    }
    if (r.action === 'decide' && r.decision === 'approve') {
      const problems = approvalProblems(this.type, r, this.s);
      if (problems.length > 0) throw invalidPayload(...problems);
    }
    if (r.action === 'resolve-objection' && r.objectionId !== undefined) {
      const o = this.s.publicity?.objections.find((x) => x.id === r.objectionId);
      if (!o) throw invalidPayload({ path: 'objectionId', message: msg('case.noObjection', { id: r.objectionId }) });
      if (o.resolution) throw reject(CaseFailure.InvalidTransition, msg('case.objectionResolved', { id: o.id }));
    }
  }

  /** One method per declared action: a declared action without one does not compile. */
  private readonly handlers: Handlers<OwnAction> = {
    'record-economic-check': (actor, r) => this.recordEconomicCheck(actor, r),
    'record-home-visit': (actor, r) => this.recordHomeVisit(actor, r),
    'record-school-investigation': (actor, r) => this.recordReview(actor, r),
    'record-street-review': (actor, r) => this.recordReview(actor, r),
    'record-assessment': (actor, r) => this.recordAssessment(actor, r),
    'record-objection': (actor, r) => this.recordObjection(actor, r),
    'resolve-objection': (actor, r) => this.resolveObjection(actor, r),
    decide: (actor, r) => this.decide(actor, r),
    'request-supplement': (actor, r) => this.requestSupplement(actor, r),
    'supplement-received': (actor, r) => this.supplementReceived(actor, r),
    'record-insurance-claim': (actor, r) => this.recordInsuranceClaim(actor, r),
  };

  protected async apply(actor: Actor, r: Own): Promise<void> {
    await (this.handlers[r.action] as (actor: Actor, r: Own) => void | Promise<void>)(actor, r);
  }

  private recordEconomicCheck(actor: Actor, r: ActionRequest<'record-economic-check'>): void {
    const report = r.report ? { reference: r.report.reference, checkedOn: r.report.checkedOn } : undefined;
    this.s.economicCheck = { perCapitaIncomeFen: r.perCapitaIncomeFen ?? null, assetsWithinLimits: r.assetsWithinLimits ?? null, ...(report ? { report } : {}), at: nowIso() };
    this.s.step = stepAfter(this.steps, 'economic-check');
    const figures = [
      ...(report ? [`核对报告 ${report.reference}（${report.checkedOn}）已载入家庭登记`] : []),
      ...(r.perCapitaIncomeFen !== undefined ? [`人均月收入 ${formatFen(r.perCapitaIncomeFen)}`] : []),
      ...(r.assetsWithinLimits !== undefined ? [`财产${r.assetsWithinLimits ? '符合' : '不符合'}规定`] : []),
    ];
    this.record.log(actor, r.action, `家庭经济状况核对：${figures.join('，')}`, {
      ...(r.perCapitaIncomeFen !== undefined ? { perCapitaIncomeFen: r.perCapitaIncomeFen } : {}),
      ...(r.assetsWithinLimits !== undefined ? { assetsWithinLimits: r.assetsWithinLimits } : {}),
      ...(report ? { report } : {}),
    });
    if (this.s.step === 'publicity') this.openPublicity();
  }

  private recordHomeVisit(actor: Actor, r: ActionRequest<'record-home-visit'>): void {
    this.s.homeVisit = { findings: r.findings, at: nowIso() };
    this.s.step = stepAfter(this.steps, 'home-visit');
    this.record.log(actor, r.action, '入户调查已记录', { findings: r.findings });
    if (this.s.step === 'publicity') this.openPublicity();
  }

  /**
   * 学校调查 (education) or 街道审核 (housing): findings and whether the applicant is eligible. One who
   * is not ends the case as not eligible there, instead of going on to publicity and a decision.
   */
  private recordReview(actor: Actor, r: ActionRequest<'record-school-investigation' | 'record-street-review'>): void {
    const from: AssessedStep = r.action === 'record-school-investigation' ? 'school-investigation' : 'street-review';
    const review = from === 'school-investigation' ? '学校调查' : '街道审核';
    this.s.homeVisit = { findings: r.findings, at: nowIso() };
    this.record.log(actor, r.action, `${review}：${r.eligible ? '符合条件' : '不符合条件'}`, {
      findings: r.findings,
      eligible: r.eligible,
    });
    if (!r.eligible && takes('review-ineligible-ends')) {
      this.close('rejected', `${review}不符合条件：${r.findings}`);
      this.s.amountFen = null;
      return;
    }
    this.s.step = stepAfter(this.steps, from);
    if (this.s.step === 'publicity') this.openPublicity();
  }

  /** 审查评估 (就业救助, 法律援助): what the person wishes and can do, or the matter; the decision follows. */
  private recordAssessment(actor: Actor, r: ActionRequest<'record-assessment'>): void {
    this.s.homeVisit = { findings: r.findings, at: nowIso() };
    this.s.step = stepAfter(this.steps, 'assessment');
    this.record.log(actor, r.action, '审查评估已记录', { findings: r.findings });
  }

  private openPublicity(): void {
    const closesAt = new Date(Date.now() + this.s.policy!.publicityDays * DAY_MS).toISOString();
    this.s.publicity = { opensAt: nowIso(), closesAt, closedAt: null, objections: [] };
    this.record.log(SERVICE_ACTOR, 'publicity-opened', `公示开始，至 ${shanghaiDate(closesAt)} 止`, { closesAt });
  }

  private recordObjection(actor: Actor, r: ActionRequest<'record-objection'>): void {
    const p = this.s.publicity!;
    const id = p.objections.length + 1;
    p.objections.push({ id, summary: r.summary, recordedAt: nowIso() });
    this.record.log(actor, r.action, `公示异议 #${id} 已登记`, { objectionId: id, objection: r.summary });
  }

  /** An upheld objection sends the case back to be examined again; a new publicity follows. */
  private resolveObjection(actor: Actor, r: ActionRequest<'resolve-objection'>): void {
    const p = this.s.publicity!;
    const now = nowIso();
    const o = p.objections.find((x) => (r.objectionId === undefined ? !x.resolution : x.id === r.objectionId))!;
    o.resolution = { upheld: r.upheld, reason: r.reason, at: now };
    if (r.upheld) {
      p.closedAt = now;
      this.s.step = this.type.publicityReturnsTo ?? this.steps[0]!;
    }
    this.record.log(actor, r.action, `公示异议 #${o.id} ${r.upheld ? `成立，退回「${STEP_NAMES[this.s.step]}」环节` : '不成立'}`, {
      objectionId: o.id,
      upheld: r.upheld,
      reason: r.reason,
    });
  }

  private async decide(actor: Actor, r: Decide): Promise<void> {
    const { s } = this;
    const at = nowIso();
    if (r.decision === 'reject') {
      this.close('rejected', r.reason);
      s.amountFen = null;
    } else {
      // The household and the standard decide 低保/特困, not a figure typed (refused before anything moves).
      const gated = (s.type === 'dibao' || s.type === 'tekun') && takes('eligibility-gate') ? await this.gate(r) : undefined;
      if ((s.type === 'dibao' || s.type === 'tekun') && r.decision === 'approve' && takes('basic-living-exclusion')) await this.claimBasicLiving();
      const { late } = this.clock.stop();
      s.decidedAt = at;
      s.decidedLate = late;
      s.overdue = false;
      s.step = 'closed';
      s.status = 'approved';
      if (r.decision === 'low-income') {
        s.decision = { decision: 'low-income', outcome: 'low-income', at, late, ...(r.reason ? { reason: r.reason } : {}) };
        s.amountFen = null;
        await this.whileBusy(() => acts.recogniseLowIncome({ caseId: s.caseId, since: shanghaiDate(at), applicantIdHash: this.record.applicantIdHash }));
      } else {
        // A child's support is the standard kept on acceptance unless the approver names another amount.
        const amount = gated?.monthlyAmountFen ?? r.monthlyAmountFen ?? s.policy?.child?.monthlyFen;
        s.decision = this.approvalRecord({ ...r, ...(amount != null ? { monthlyAmountFen: amount } : {}) }, at, late);
        s.amountFen = s.decision.monthlyAmountFen ?? s.decision.approvedAmountFen ?? s.decision.amountFen ?? s.decision.trainingAllowanceFen ?? null;
        if (isBenefitType(s.type) && takes('start-benefit')) await this.startBenefit(actor, s.decision, at, gated);
        if (s.disaster && r.decision === 'approve') this.scheduleDisasterAid(r.amountFen!, r.months);
      }
    }
    const what =
      r.decision === 'approve' ? `批准${s.amountFen !== null ? ` ${formatFen(s.amountFen)}` : ''}` : r.decision === 'low-income' ? '认定为低收入家庭（低保边缘），不发放低保金' : `不予批准：${r.reason}`;
    const { action: _a, ...fields } = r;
    const computed = s.decision?.monthlyAmountFen !== undefined && r.decision === 'approve' && s.type === 'dibao' ? { monthlyAmountFen: s.decision.monthlyAmountFen } : {};
    this.record.log(actor, r.action, `审批决定：${what}${s.decidedLate ? '（超过办理期限作出）' : ''}`, { ...fields, ...computed, late: s.decidedLate });
  }

  /**
   * Asks the gate (an activity over the register, the standard and the policy in force today) whether
   * the decision may stand; a refusal fails the update with its code, and nothing about the case moves.
   */
  private async gate(r: Exclude<Decide, { decision: 'reject' }>): Promise<Extract<GateOutcome, { ok: true }>> {
    const { s } = this;
    const check = s.economicCheck;
    const outcome = await this.whileBusy(() =>
      acts.assessDecision({
        caseId: s.caseId,
        countyCode: s.countyCode,
        type: s.type as 'dibao' | 'tekun',
        decision: r.decision,
        on: shanghaiDate(Date.now()),
        declared: {
          size: s.household.size,
          perCapitaIncomeFen: check?.perCapitaIncomeFen ?? Math.floor(s.household.monthlyIncomeFen / s.household.size),
          assetsWithinLimits: check?.assetsWithinLimits ?? true,
        },
        ...(check?.report ? { checkedOn: check.report.checkedOn } : {}),
        ...(r.decision === 'approve' && r.monthlyAmountFen !== undefined ? { requestedAmountFen: r.monthlyAmountFen } : {}),
      }),
    );
    if (outcome.ok) return outcome;
    switch (outcome.code) {
      case 'not_eligible':
        throw reject(
          CaseFailure.NotEligible,
          msg('gate.notEligible', { aid: typeName(r.decision === 'low-income' ? 'low-income' : s.type), reasons: listOf(outcome.reasons.map((x) => msg(`reason.${x.code}`))) }),
          outcome.reasons,
        );
      case 'check_expired':
        throw reject(CaseFailure.CheckExpired, msg('gate.checkExpired', { checkedOn: outcome.checkedOn, validDays: outcome.validDays }), [{ checkedOn: outcome.checkedOn, validDays: outcome.validDays }]);
      case 'amount_mismatch':
        throw reject(CaseFailure.AmountMismatch, msg('gate.amountMismatch', { computed: formatFen(outcome.computedFen) }), [{ path: 'monthlyAmountFen', computedFen: outcome.computedFen }]);
    }
  }

  /**
   * A monthly aid's approval starts its benefit: a workflow of its own, not the case's child — it
   * outlives the case by years — started with what the case recorded of the household and decision.
   */
  private async startBenefit(actor: Actor, d: DecisionRecord, at: string, gated?: Extract<GateOutcome, { ok: true }>): Promise<void> {
    const { s } = this;
    const benefitId = benefitIdFor(s.caseId);
    const opening: BenefitOpening = {
      benefitId,
      caseId: s.caseId,
      type: s.type as BenefitOpening['type'],
      orgCode: s.orgCode,
      applicantIdHash: this.record.applicantIdHash,
      applicantName: s.applicant.name,
      approvedAt: at,
      approvedBy: actor,
      // A registered household's facts as the benefit keeps them (work costs it deducts itself); else the case's figures.
      householdSize: gated?.basis?.householdSize ?? (gated && s.type === 'dibao' ? gated.size : s.household.size),
      perCapitaIncomeFen: gated?.basis?.perCapitaIncomeFen ?? (gated && s.type === 'dibao' ? gated.perCapitaIncomeFen : (s.economicCheck?.perCapitaIncomeFen ?? Math.floor(s.household.monthlyIncomeFen / s.household.size))),
      employedMembers: gated?.basis?.employedMembers ?? d.employedMembers ?? 0,
      monthlyAmountFen: d.monthlyAmountFen!,
      ...(d.support?.mode === 'dispersed' ? { carer: { name: d.support.carer.name, careFeeFen: d.support.careFeeFen } } : {}),
      ...(d.selfCare ? { selfCare: d.selfCare } : {}),
      ...(gated?.taken ? { household: gated.taken } : {}),
      ...(s.child ? { guardian: { name: s.child.guardian.name } } : {}),
      ...(d.endsAfterMonth ? { endsAfterMonth: d.endsAfterMonth } : {}),
    };
    await this.whileBusy(() => acts.startBenefit(opening));
    d.benefitId = benefitId;
  }

  /** 低保 and 特困 exclude each other: claim the person's basic-living benefit before recording. */
  private async claimBasicLiving(): Promise<void> {
    const claim = await this.whileBusy(() => acts.claimBasicLiving({ applicantIdHash: this.record.applicantIdHash, caseId: this.s.caseId, type: this.s.type }));
    if (!claim.ok) {
      throw reject(CaseFailure.Conflict, msg('case.alreadyReceives', { type: typeName(claim.conflictingType), caseId: claim.conflictingCaseId }), [
        { conflictingCaseId: claim.conflictingCaseId, conflictingType: claim.conflictingType },
      ]);
    }
  }

  /** The approval as recorded: the type's fields, the bill's share (医疗), and 特困's payees. */
  private approvalRecord(r: Extract<Decide, { decision: 'approve' }>, at: string, late: boolean): DecisionRecord {
    const { action: _a, decision: _d, ...fields } = r;
    const record: DecisionRecord = { decision: 'approve', ...fields, at, late };
    const bill = this.s.medical?.billFen;
    if (this.s.type === 'medical' && record.reimbursementPercent === undefined && bill) {
      record.reimbursementPercent = Math.round((record.approvedAmountFen! * 100) / bill);
    }
    const child = this.s.child;
    if (isChildType(this.s.type) && child && this.s.policy?.child) {
      // 孤儿, 事实无人抚养儿童: the guardian is paid, until the month of the 18th birthday (or the study age's).
      record.endsAfterMonth = endsAfterMonthOf(child.birthDate, r.fullTimeStudy === true, this.s.policy.child.studyAge);
      record.payees = [{ payee: 'guardian', name: child.guardian.name, monthlyAmountFen: r.monthlyAmountFen! }];
    }
    if (this.s.type === 'tekun' && r.support) {
      // 分散供养: the support money to the person's account, the care fee to the carer's (000 (二)2).
      record.payees = [{ payee: 'applicant', name: this.s.applicant.name, monthlyAmountFen: r.monthlyAmountFen! }];
      if (r.support.mode === 'dispersed') record.payees.push({ payee: 'carer', name: r.support.carer.name, monthlyAmountFen: r.support.careFeeFen });
    }
    return record;
  }

  private requestSupplement(actor: Actor, r: ActionRequest<'request-supplement'>): void {
    this.clock.suspend();
    this.s.suspended = true;
    this.s.supplement = { requestedAt: nowIso(), items: r.items };
    this.record.log(actor, r.action, `补正：办理时限中止，待补 ${r.items.join('、')}`, { items: r.items, dueDate: this.s.dueDate });
  }

  private async supplementReceived(actor: Actor, r: ActionRequest<'supplement-received'>): Promise<void> {
    const moved = await this.clock.resume();
    this.s.suspended = false;
    this.s.supplement = null;
    this.record.log(actor, r.action, `补正材料已收到${moved.from ? `，办理期限 ${moved.from} → ${moved.to}` : ''}`, {
      previousDueDate: moved.from,
      dueDate: moved.to,
      ...(r.note ? { note: r.note } : {}),
    });
  }

  /** 受灾人员救助: the approved amount once, or each month for the months approved; the case stays open until paid. */
  private scheduleDisasterAid(amountFen: number, months: number | undefined): void {
    const d = this.s.disaster!;
    const { totalFen, spec } = disasterSchedule(amountFen, months);
    const schedule = buildSchedule(totalFen, spec, shanghaiDate(Date.now()));
    if (!schedule.ok) throw new Error(`a disaster schedule the approval check let through: ${schedule.field}`);
    d.months = months ?? null;
    d.installments = schedule.schedule.map((i) => ({ ...i, status: 'scheduled' }));
    this.s.amountFen = totalFen;
    this.s.step = 'installments';
  }

  /** Each instalment on its date, disbursed by the county (once per case and instalment), then the case is closed. */
  private async payDisasterAid(): Promise<void> {
    const { s } = this;
    const d = s.disaster!;
    await this.record.save();
    for (const inst of d.installments) {
      const dueAt = startOfShanghaiDay(inst.dueDate).getTime();
      if (dueAt > Date.now()) await sleep(dueAt - Date.now());
      inst.status = 'paying';
      const paid = await acts.recordCountyDisbursement({ caseId: s.caseId, instalment: inst.instalment, amountFen: inst.amountFen, orgCode: s.orgCode, at: nowIso() });
      inst.status = 'paid';
      inst.source = 'county';
      inst.paidAt = paid.paidAt;
      d.paidFen += inst.amountFen;
      this.record.log(SERVICE_ACTOR, 'instalment-paid', `第 ${inst.instalment} 期已发放 ${formatFen(inst.amountFen)}，应急资金拨付`, { instalment: inst.instalment, amountFen: inst.amountFen, paidAt: paid.paidAt });
      await this.record.save();
    }
    s.step = 'closed';
    this.record.log(SERVICE_ACTOR, 'installments-ended', `受灾人员救助发放完毕：共 ${d.installments.length} 期，合计 ${formatFen(d.paidFen)}`, { paidFen: d.paidFen });
    await this.record.save();
  }

  private recordInsuranceClaim(actor: Actor, r: ActionRequest<'record-insurance-claim'>): void {
    const d = this.s.disaster!;
    d.insuranceClaims.push({ reference: r.reference, amountFen: r.amountFen, at: nowIso(), by: actor.sub });
    this.record.log(actor, r.action, `保险理赔：${r.reference}，${formatFen(r.amountFen)}`, { reference: r.reference, amountFen: r.amountFen });
  }

  /** Past its end, publicity waits on objections being resolved (an update), not on time. */
  private publicityEnds(): number | undefined {
    const p = this.s.publicity;
    return this.s.step === 'publicity' && p && !p.closedAt && Date.parse(p.closesAt) > Date.now() ? Date.parse(p.closesAt) : undefined;
  }

  /** Publicity ends by itself after its calendar days, once every objection is resolved. */
  private async closePublicityIfDue(): Promise<boolean> {
    const { s } = this;
    const p = s.publicity;
    if (s.step !== 'publicity' || !p || p.closedAt) return false;
    if (Date.now() < Date.parse(p.closesAt) || p.objections.some((o) => !o.resolution)) return false;
    p.closedAt = nowIso();
    s.step = 'decision';
    this.record.log(SERVICE_ACTOR, 'publicity-closed', '公示期满，待审批', { objections: p.objections.length });
    // 公租房: the working days run from the end of the street's publicity without objection.
    if (this.type.clockFrom === 'publicity-end' && !this.clock.started) {
      await this.clock.start(p.closedAt);
      this.record.log(SERVICE_ACTOR, 'clock-started', `开始计算办理时限：${s.dueDate} 前办结`, { dueDate: s.dueDate });
    }
    return true;
  }
}

/** An assessed aid type's case: accepted, its steps taken under the deadline, decided, then aftercare. */
export async function assessedCaseWorkflow(input: CaseInput, type: AssessedType): Promise<CaseView> {
  const c = new AssessedCase(input, ASSESSED[type]);
  c.listen();
  await c.accept();
  return c.decided();
}
