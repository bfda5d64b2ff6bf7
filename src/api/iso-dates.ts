/** A row as JSON carries it: each Date an ISO 8601 string (null stays null). */
export type IsoDates<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? Exclude<T[K], Date> | string : T[K] };

export function isoDates<T extends object>(row: T): IsoDates<T> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])) as IsoDates<T>;
}
