import { patched } from '@temporalio/workflow';

/**
 * Every patch of our workflows up to this generation. Each `patched()` a new run asks leaves a marker and
 * a TemporalChangeVersion upsert in its history: a case's start paid four of each, its first step a fifth
 * (half of a start's sixteen events, and a visibility write apiece). A run asks these under one name,
 * `SETTLED`, once: from then on it takes them all.
 *
 * Replay-safe both ways: a history recorded before has no `SETTLED` marker where it asked (core announces
 * a marker only for the workflow task that recorded it), so each patch is asked by its own name and
 * matched against its own marker, as then; a run recording `SETTLED` took every patch live, which is
 * what `patched()` answers live. A patch added later is asked by its own name until a next generation
 * settles it as well.
 */
const SETTLED = 'settled-2026-12';

export type SettledPatch =
  | 'acceptance-read-at-window'
  | 'aftercare-window'
  | 'archive-after-aftercare'
  | 'basic-living-exclusion'
  | 'benefit-timer-kept'
  | 'clock-timer-kept'
  | 'eligibility-gate'
  | 'emergency-local-payout'
  | 'emergency-one-transaction'
  | 'household-catch-up'
  | 'intake-checks'
  | 'local-activities'
  | 'one-acceptance-read'
  | 'recount-loaded-year'
  | 'residence-cooperation'
  | 'revoke-benefit'
  | 'review-ineligible-ends'
  | 'review-recount'
  | 'serial-local-activities'
  | 'start-benefit';

/** Whether this run takes `patch`: `patched(patch)` for a history that asked it by name, true for any run since. */
export const takes = (patch: SettledPatch): boolean => patched(SETTLED) || patched(patch);
