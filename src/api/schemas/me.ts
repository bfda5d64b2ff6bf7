import { z } from 'zod';
import { CAPABILITIES, MENUS } from '../../domain/capabilities.js';
import { DEPARTMENTS, ROLES } from '../../domain/roles.js';

const capabilityKeys = Object.keys(CAPABILITIES) as [keyof typeof CAPABILITIES, ...(keyof typeof CAPABILITIES)[]];
const menuKeys = Object.keys(MENUS) as [keyof typeof MENUS, ...(keyof typeof MENUS)[]];

export const Me = z.object({
  sub: z.string(),
  name: z.string().nullable().describe('the token’s `name` claim, when it carries one'),
  role: z.enum(ROLES),
  org: z.string(),
  dept: z.enum(DEPARTMENTS).optional().describe('an approver’s department (civil affairs when absent)'),
  capabilities: z.array(z.enum(capabilityKeys)).describe('what the caller may do, from the rules the API itself enforces (src/domain/capabilities.ts)'),
  menus: z.array(z.enum(menuKeys)).describe('the console’s menus the caller may use, in order'),
  home: z.enum(menuKeys).describe('the menu the console opens first: one the caller may read'),
});
