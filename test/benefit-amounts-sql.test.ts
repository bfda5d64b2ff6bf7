import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { payeeAmountSql, standardsRows } from '../src/db/benefit-amounts.js';
import { createDatabase } from '../src/db/client.js';
import { amountsOf, type BenefitBasis, type Component, type Standards } from '../src/domain/benefits.js';
import { addMonths } from '../src/domain/months.js';
import { SELF_CARE } from '../src/domain/self-care.js';

// The payroll computes amounts in SQL (src/db/benefit-amounts.ts); the rule is amountsOf's. Over
// generated bases and standards — incomes around the standard, employed members, every component
// kind, adjustments either way — the statement and the function agree on every payee's amount.

const database = createDatabase(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', { max: 1 });
afterAll(() => database.close());

const fen = (max: number) => fc.integer({ min: 0, max });
const component: fc.Arbitrary<Component> = fc.oneof(
  fc.constant({ kind: 'dibao-gap' as const }),
  fc.constant({ kind: 'tekun-basic' as const }),
  fc.constantFrom(...SELF_CARE).map((selfCare) => ({ kind: 'tekun-care' as const, selfCare })),
  fen(500_000).map((amountFen) => ({ kind: 'fixed' as const, amountFen })),
);
const basis: fc.Arbitrary<BenefitBasis> = fc.integer({ min: 1, max: 9 }).chain((householdSize) =>
  fc.record({
    householdSize: fc.constant(householdSize),
    perCapitaIncomeFen: fen(200_000),
    employedMembers: fc.integer({ min: 0, max: householdSize }),
    payees: fc.tuple(component, fc.option(component, { nil: undefined }), fc.integer({ min: -100_000, max: 100_000 })).map(([a, b, adjustmentFen]) => [
      { payee: 'applicant' as const, name: '甲', component: a, adjustmentFen },
      ...(b ? [{ payee: 'carer' as const, name: '乙', component: b, adjustmentFen: 0 }] : []),
    ]),
  }),
);
const standards: fc.Arbitrary<Standards> = fc.record({
  dibaoStandardFen: fc.integer({ min: 1, max: 200_000 }),
  dibaoMinimumFen: fen(30_000),
  workCostFen: fen(100_000),
  tekun: fc.record({ basicFen: fc.integer({ min: 1, max: 300_000 }), careFen: fc.record({ full: fen(50_000), partial: fen(100_000), none: fen(200_000) }) }),
});

describe('the payroll’s SQL amounts', () => {
  it('equal amountsOf for every payee line', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(basis, standards), { minLength: 1, maxLength: 40 }), async (cases) => {
        // Each case its own month, so one statement evaluates a batch.
        const months = cases.map((_, i) => addMonths('2026-01', i));
        const rows = await database.db.execute<{ month: string; payee: string; amount: string }>(sql`
          select s.month, line->>'payee' as payee, ${payeeAmountSql} as amount
            from (select c->>'month' as month, c->'basis' as basis from jsonb_array_elements(${JSON.stringify(cases.map(([b], i) => ({ month: months[i], basis: b })))}::jsonb) as c) d
            join ${standardsRows(new Map(cases.map(([, s], i) => [months[i]!, s])))} on s.month = d.month
            cross join lateral jsonb_array_elements(d.basis->'payees') as l(line)`);
        const fromSql = rows.map((r) => ({ month: r.month, payee: r.payee, amount: Number(r.amount) })).sort((a, b) => (a.month + a.payee).localeCompare(b.month + b.payee));
        const fromRule = cases
          .flatMap(([b, s], i) => amountsOf(b, s).map((a) => ({ month: months[i]!, payee: a.payee, amount: a.monthlyAmountFen })))
          .sort((a, b) => (a.month + a.payee).localeCompare(b.month + b.payee));
        expect(fromSql).toEqual(fromRule);
      }),
      { numRuns: 60 },
    );
  });
});
