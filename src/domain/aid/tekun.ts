import { dibao } from './dibao.js';
import type { AssessedDeclaration } from './declaration.js';

/**
 * 特困人员救助供养, 004; 000 (二)2. The same path, deciders and deadline as 低保 (22 working days), and
 * excluded beside it for one person. The approval says how the person is supported: centralised in an
 * institution, or dispersed with a carer under a care agreement (照料服务协议) — then the support money
 * goes to the person's account and the care fee to the carer's (two payees).
 */
export const tekun = {
  ...dibao,
  type: 'tekun',
  name: '特困供养',
  workflowType: 'tekunWorkflow',
  approval: { requires: ['monthlyAmountFen', 'support'], allows: ['selfCare'] },
  policyKeys: ['case-clock', 'dibao', 'commitments'],
} satisfies AssessedDeclaration;
