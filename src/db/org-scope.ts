import { eq, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { isCountyCode } from '../domain/org.js';

/** The rows of a street (9 digits), or of every street of a county (6 digits). */
export const inOrg = (t: { countyCode: PgColumn; orgCode: PgColumn }, orgCode: string): SQL => (isCountyCode(orgCode) ? eq(t.countyCode, orgCode) : eq(t.orgCode, orgCode));
