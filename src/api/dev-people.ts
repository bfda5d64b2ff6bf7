import { DEPARTMENTS, type Actor } from '../domain/roles.js';

// The people the development sign-in offers (never in production, where names come from the OIDC
// token): for each seeded county, enough 一事一议 members to reach its quorum (policy `deliberation`:
// 武昌区 7 members, quorum 5; 金堂县 5, quorum 3), two caseworkers per street, an approver of each
// department, and the county's supervisor, auditor, policy officer and importing system. Each has
// its own `sub`, so two members cast two votes and the audit names a person.

export interface DevPerson extends Actor {
  /** The `name` claim the token carries. */
  name: string;
}

const COUNTIES = [
  { code: '420106', name: '武昌区', streets: ['420106001', '420106002', '420106003', '420106004'], members: 7 },
  { code: '510121', name: '金堂县', streets: ['510121001', '510121002'], members: 5 },
];

// Common surnames and given names: enough for every person below to have a name of their own.
const SURNAMES = '张王李赵刘陈杨黄吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢';
const GIVEN = ['秀英', '建国', '丽娟', '志强', '海燕', '文华', '俊杰', '红梅', '国平', '晓东', '玉兰', '德明', '春花', '永福', '桂芳'];

function roster(): DevPerson[] {
  const people: (Omit<DevPerson, 'name'> & { name?: string })[] = [];
  for (const county of COUNTIES) {
    for (const street of county.streets) for (const n of [1, 2]) people.push({ sub: `cw-${street}-${n}`, role: 'caseworker', org: street });
    for (const dept of DEPARTMENTS) people.push({ sub: `ap-${county.code}-${dept}`, role: 'approver', org: county.code, dept });
    for (let n = 1; n <= county.members; n++) people.push({ sub: `cm-${county.code}-${n}`, role: 'committee', org: county.code });
    for (const role of ['supervisor', 'auditor', 'policy'] as const) people.push({ sub: `${role}-${county.code}`, role, org: county.code });
    // The importing system is the 12349 hotline, not a person.
    people.push({ sub: `hotline-${county.code}`, role: 'system', org: county.code, name: `${county.name}12349热线` });
  }
  return people.map((p, i) => ({ ...p, name: p.name ?? `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}` }));
}

export const DEV_PEOPLE: readonly DevPerson[] = roster();
