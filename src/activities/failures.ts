import { ApplicationFailure } from '@temporalio/common';
import { isDataError, postgresErrorOf } from '../db/errors.js';
import { ActivityFailure } from '../domain/failures.js';

/**
 * What an activity failure may say. Drizzle's message carries the SQL parameters — names, phones,
 * addresses — into the worker log and Temporal's history on every retry: only the SQLSTATE and the
 * constraint go out. Data errors are permanent; anything else (a restart, a lost connection) retries.
 */
function scrubbed(activity: string, err: unknown): unknown {
  if (err instanceof ApplicationFailure) return err;
  const pg = postgresErrorOf(err);
  if (!pg && !(err instanceof Error && /Failed query/.test(err.message))) return err;
  const what = `${activity}: PostgreSQL ${pg?.code ?? 'error'}${pg?.constraint_name ? ` (${pg.constraint_name})` : ''}${pg?.routine ? ` in ${pg.routine}` : ''}`;
  return isDataError(err) ? ApplicationFailure.create({ type: ActivityFailure.DataRejected, message: what, nonRetryable: true }) : new Error(what);
}

/** Every activity of the set reports failures through `scrubbed`. */
export function withScrubbedFailures<T extends Record<string, (...args: never[]) => Promise<unknown>>>(activities: T, failed?: (activity: string) => void): T {
  return Object.fromEntries(
    Object.entries(activities).map(([name, fn]) => [
      name,
      async (...args: never[]) => {
        try {
          return await fn(...args);
        } catch (err) {
          failed?.(name);
          throw scrubbed(name, err);
        }
      },
    ]),
  ) as T;
}
