import { sql, type SQL } from 'drizzle-orm';
import type { Component, Standards } from '../domain/benefits.js';
import type { Month } from '../domain/months.js';
import { SELF_CARE } from '../domain/self-care.js';

// The SQL twin of amountsOf (src/domain/benefits.ts), so that a payroll computes a county's million
// amounts in the statement that inserts them instead of shipping every basis to Node and back. The
// rule is stated in the domain; this is its translation, one arm per component kind (a kind added
// there and not here fails the typecheck), and test/benefit-amounts-sql.test.ts proves the two agree
// over generated bases and standards.

/** A month's standards as the statement reads them: one row per month (`s`). */
export function standardsRows(byMonth: Map<Month, Standards>): SQL {
  const rows = [...byMonth].map(([month, s]) => ({ month, dibao: s.dibaoStandardFen, minimum: s.dibaoMinimumFen, work_cost: s.workCostFen, tekun_basic: s.tekun.basicFen, care: s.tekun.careFen }));
  return sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as s(month text, dibao bigint, minimum bigint, work_cost bigint, tekun_basic bigint, care jsonb)`;
}

// Over a basis `basis` (jsonb), one of its payee lines `line` (jsonb) and the month's standards `s`.
const size = `(basis->>'householdSize')::bigint`;
/** countableIncomeFen: per-capita income after the employed members' work costs (integer division of non-negatives floors). */
const countable = `greatest(0, (basis->>'perCapitaIncomeFen')::bigint - (s.work_cost * (basis->>'employedMembers')::bigint) / ${size})`;

const COMPONENT: Record<Component['kind'], string> = {
  // dibaoGapFen: nothing once income leaves 低保, else the gap times the household, at least the minimum.
  'dibao-gap': `case when ${countable} >= s.dibao then 0 else greatest((s.dibao - ${countable}) * ${size}, s.minimum) end`,
  'tekun-basic': `s.tekun_basic`,
  'tekun-care': `case line->'component'->>'selfCare' ${SELF_CARE.map((c) => `when '${c}' then (s.care->>'${c}')::bigint`).join(' ')} end`,
  fixed: `(line->'component'->>'amountFen')::bigint`,
};

/** A payee line's monthly amount in fen, never negative; null for a component kind this statement does not know. */
export const payeeAmountSql = sql.raw(
  `greatest(0, (case line->'component'->>'kind' ${Object.entries(COMPONENT)
    .map(([kind, fen]) => `when '${kind}' then ${fen}`)
    .join(' ')} end) + (line->>'adjustmentFen')::bigint)`,
);
