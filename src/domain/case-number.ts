/**
 * 受理编号: the number a case is known by on the phone and on paper — its county, the Shanghai year it
 * was accepted, and its place in that county's year (420106-2026-000123). The database assigns the
 * sequence once, when the case is first recorded (src/db/case-numbers.ts); workflows never make one.
 */
export function formatCaseNumber(countyCode: string, year: number, seq: number): string {
  return `${countyCode}-${year}-${String(seq).padStart(6, '0')}`;
}

/** How a message names a case: the applicant and the number (张三（420106-2026-000123）). */
export function caseLabel(applicantName: string, caseNumber: string): string {
  return `${applicantName}（${caseNumber}）`;
}

/**
 * A notification's text naming the case: its internal id, where the message cites it, becomes the
 * applicant and the number; a message that does not cite it is prefixed with them.
 */
export function nameCaseIn(message: string, caseId: string, label: string): string {
  return message.includes(caseId) ? message.split(caseId).join(label) : `${label}：${message}`;
}
