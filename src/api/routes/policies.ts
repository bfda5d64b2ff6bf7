import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { loadPolicyValue } from '../../db/policy-changes.js';
import { isPlaceholder, policyRows, type PolicyRow } from '../../db/policies.js';
import { shanghaiDate } from '../../domain/dates.js';
import { inForceOf } from '../../domain/policy.js';
import { isPolicyAuthority } from '../../domain/roles.js';
import type { ApiDeps } from '../deps.js';
import { ApiError, ERROR_RESPONSES, forbidden, invalidTransition } from '../errors.js';
import { POLICY_VALUE_SCHEMAS, PolicyBody, PolicyKeyParams, PolicyList, PolicyLoaded, PolicyParams } from '../schemas/policies.js';

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
        return { regionCode: region, asOf: today, items: inForceAndScheduled(await policyRows(db, region), region, today) };
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
        if (!isPolicyAuthority(actor, region)) throw forbidden(`role ${actor.role} of ${actor.org} may not load policy for ${region}`);
        const parsed = POLICY_VALUE_SCHEMAS[key].safeParse(request.body.value);
        if (!parsed.success) {
          // Every problem, an unknown field at its own path (value.extra), as the request validator reports them.
          const details = parsed.error.issues.flatMap((issue) => {
            const at = ['value', ...issue.path.map(String)];
            if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => ({ path: [...at, k].join('.'), message: 'unknown field' }));
            return [{ path: at.join('.'), message: issue.message }];
          });
          throw new ApiError(400, 'validation_failed', `invalid ${key} value: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`, details);
        }
        if (effectiveFrom <= shanghaiDate(Date.now())) throw invalidTransition(`effectiveFrom ${effectiveFrom} is not after today: the past and the present are never edited`);
        const { adjustedBenefits } = await loadPolicyValue(db, { regionCode: region, key, effectiveFrom, value: parsed.data, source, actor, at: new Date() });
        request.log.info({ region, key, effectiveFrom, adjustedBenefits }, 'policy value loaded');
        return reply.status(201).send({ regionCode: region, key, value: parsed.data, effectiveFrom, source, status: 'scheduled' as const, placeholder: false, adjustedBenefits });
      },
    });

  };
