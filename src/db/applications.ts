import { eq, lt } from 'drizzle-orm';
import { narrowMask } from '../domain/resident-id.js';
import type { ApplicationView } from '../domain/views.js';
import type { Db } from './client.js';
import { applications } from './schema.js';

/** Writes an application's snapshot unless a newer one is already there. */
export async function recordApplication(db: Db, view: ApplicationView, applicantIdHash: string): Promise<void> {
  const row = {
    applicationId: view.applicationId,
    orgCode: view.orgCode,
    countyCode: view.countyCode,
    applicantName: view.applicant.name,
    applicantIdMasked: narrowMask(view.applicant.idNumberMasked),
    applicantIdHash,
    flagged: view.flagged,
    acceptedAt: new Date(view.acceptedAt),
    version: view.version,
    view,
    updatedAt: new Date(),
  };
  const { applicationId: _id, ...changes } = row;
  await db.insert(applications).values(row).onConflictDoUpdate({ target: applications.applicationId, set: changes, setWhere: lt(applications.version, row.version) });
}

export async function findApplication(db: Db, applicationId: string) {
  const [row] = await db.select().from(applications).where(eq(applications.applicationId, applicationId)).limit(1);
  return row;
}
