import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { NATIONAL } from '../domain/org.js';

/** Rows of a region: everything for the national code, else the province's codes (its first two digits). */
export const inRegion = (orgColumn: AnyColumn, region: string): SQL | undefined => (region === NATIONAL ? undefined : sql`left(${orgColumn}, 2) = ${region.slice(0, 2)}`);
