import type { CaseType } from './cases.js';
import type { Department } from './roles.js';

/** 一门受理、协同办理: where each aid type is routed once the window has registered it. */
export const DEPARTMENT_OF: Record<CaseType, Department> = {
  dibao: 'minzheng',
  tekun: 'minzheng',
  temporary: 'minzheng',
  medical: 'yibao',
  housing: 'zhujian',
  education: 'jiaoyu',
};
