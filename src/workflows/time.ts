/** The workflow's current time as an ISO instant (workflow time: replay-safe, skipped in tests). */
export const nowIso = () => new Date(Date.now()).toISOString();
