import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { loadPolicyValue } from '../../db/policy-changes.js';
import { isPlaceholder, policyRows, type PolicyRow } from '../../db/policies.js';
import { simulationInputs } from '../../db/simulation.js';
import { shanghaiDate } from '../../domain/dates.js';
import { inForceOf } from '../../domain/policy.js';
import { monthOf } from '../../domain/months.js';
import type { PolicyKey } from '../../domain/policy-values.js';
import { isPolicyAuthority, maySimulatePolicy } from '../../domain/roles.js';
import { SIMULATED_KEYS, policyAfter, simulate, type Proposal, type SimulationPolicy } from '../../domain/simulation.js';
import type { ApiDeps } from '../deps.js';
import { msg, problemSummary, roleName } from '../../domain/catalogue.js';
import { ApiError, ERROR_RESPONSES, forbidden, invalidTransition } from '../errors.js';
import { problemsOf } from '../validation.js';
import { POLICY_KEY_FORMS, POLICY_VALUE_SCHEMAS, PolicyBody, PolicyKeyParams, PolicyList, PolicyLoaded, PolicyParams, SimulationBody, SimulationResponse } from '../schemas/policies.js';

/**
 * What is in force today for a region (its own value, else the national one) and what is scheduled
 * after it, per key.
 */
function inForceAndScheduled(rows: PolicyRow[], regionCode: string, today: string) {
  const out: Array<PolicyRow & { status: 'in-force' | 'scheduled' }> = [];
  for (const key of [...new Set(rows.map((r) => r.key))]) {
    const ofKey = rows.filter((r) => r.key === key);
    const current = inForceOf(ofKey, regionCode, today);
    if (current) out.push({ ...current, status: 'in-force' });
    for (const r of ofKey) if (r.effectiveFrom > today) out.push({ ...r, status: 'scheduled' });
  }
  return out.map((r) => ({ regionCode: r.regionCode, key: r.key, value: r.value, effectiveFrom: r.effectiveFrom, source: r.source, status: r.status, placeholder: isPlaceholder(r.source) }));
}

/** A value checked against its key's schema: 400 listing every problem at value.<path> (an unknown field at its own path). */
function checkedValue(key: PolicyKey, value: unknown): unknown {
  const parsed = POLICY_VALUE_SCHEMAS[key].safeParse(value, { reportInput: true });
  if (parsed.success) return parsed.data;
  const details = problemsOf(parsed.error, 'value');
  throw new ApiError(400, 'validation_failed', msg('field.policyValue', { key, summary: problemSummary(details) }), details);
}

export const policyRoutes =
  ({ db }: ApiDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/policies/:region', {
      schema: {
        tags: ['policy'],
        summary: 'The values in force today and those scheduled, per key (placeholder: a seeded figure to replace)',
        params: PolicyParams,
        response: { 200: PolicyList, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const { region } = request.params;
        const today = shanghaiDate(Date.now());
        return {
          regionCode: region,
          asOf: today,
          items: inForceAndScheduled(await policyRows(db, region), region, today),
          keys: POLICY_KEY_FORMS,
          mayLoad: isPolicyAuthority(request.actor, region),
          maySimulate: maySimulatePolicy(request.actor, region),
          simulatedKeys: [...SIMULATED_KEYS],
        };
      },
    });

    app.put('/policies/:region/:key', {
      schema: {
        tags: ['policy'],
        summary: 'Load a dated value (policy authority: role policy of the region, or of 000000 for any): never the past; benefits it moves are adjusted from its month',
        params: PolicyKeyParams,
        body: PolicyBody,
        response: { 201: PolicyLoaded, ...ERROR_RESPONSES },
      },
      handler: async (request, reply) => {
        const { actor } = request;
        const { region, key } = request.params;
        const { effectiveFrom, source } = request.body;
        if (!isPolicyAuthority(actor, region)) throw forbidden(msg('policy.mayNotLoad', { role: roleName(actor.role, actor.dept), org: actor.org, region }));
        const value = checkedValue(key, request.body.value);
        if (effectiveFrom <= shanghaiDate(Date.now())) throw invalidTransition(msg('policy.pastEdited', { effectiveFrom }));
        const { adjustedBenefits } = await loadPolicyValue(db, { regionCode: region, key, effectiveFrom, value, source, actor, at: new Date() });
        request.log.info({ region, key, effectiveFrom, adjustedBenefits }, 'policy value loaded');
        return reply.status(201).send({ regionCode: region, key, value, effectiveFrom, source, status: 'scheduled' as const, placeholder: false, adjustedBenefits });
      },
    });

    app.post('/policies/:region/simulations', {
      schema: {
        tags: ['policy'],
        summary: `What-if (policy authority of the region; the county's supervisor): a proposed ${SIMULATED_KEYS.join(' or ')} run over the households with a 低保 case — per street and type who is covered, enters, leaves or phases out, and the monthly cost before and after. Changes nothing`,
        params: PolicyParams,
        body: SimulationBody,
        response: { 200: SimulationResponse, ...ERROR_RESPONSES },
      },
      handler: async (request) => {
        const { actor } = request;
        const { region } = request.params;
        const { key, effectiveFrom } = request.body;
        if (!maySimulatePolicy(actor, region)) throw forbidden(msg('policy.mayNotSimulate', { role: roleName(actor.role, actor.dept), org: actor.org, region }));
        const proposal = { key, regionCode: region, effectiveFrom, value: checkedValue(key, request.body.value) } as Proposal;
        const month = monthOf(effectiveFrom);
        const inputs = await simulationInputs(db, { regionCode: region, on: effectiveFrom, month });
        const policies = new Map<string, SimulationPolicy>();
        const policyOf = (county: string) => policies.get(county) ?? policies.set(county, policyAfter(inputs.policies, proposal, county)).get(county)!;
        const { rows, totals } = simulate(inputs.households, policyOf);
        request.log.info({ region, key, effectiveFrom, households: totals.households }, 'policy simulated');
        return { regionCode: region, key, effectiveFrom, month, rows, totals };
      },
    });

  };
