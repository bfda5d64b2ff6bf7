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

export const DEPARTMENT_NAMES: Record<Department, string> = {
  minzheng: '民政',
  yibao: '医保',
  zhujian: '住建/房管',
  jiaoyu: '教育',
  renshe: '人社',
};
