/** Failure types an activity reports as permanent (retrying cannot help); workflows read them by name. */
export const ActivityFailure = {
  /** The same payment key with another amount or source: a bug, not a retry. */
  ReserveConflict: 'ReserveConflict',
  /** PostgreSQL refused the data itself (SQLSTATE class 22, 23): the same call fails the same way. */
  DataRejected: 'DataRejected',
} as const;
