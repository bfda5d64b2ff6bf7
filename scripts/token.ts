// Prints a development JWT: npm run token -- --role caseworker --org 420106001 [--sub name] [--dept yibao] [--ttl 8h]
import { parseArgs } from 'node:util';
import { createSigner } from 'fast-jwt';
import { loadConfig } from '../src/config.js';
import { DEPARTMENTS, ROLES, type Department, type Role } from '../src/domain/roles.js';

const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    org: { type: 'string' },
    sub: { type: 'string' },
    dept: { type: 'string' },
    ttl: { type: 'string', default: '8h' },
  },
});

function fail(message: string): never {
  console.error(`token: ${message}\nusage: npm run token -- --role <${ROLES.join('|')}> --org <code> [--sub id] [--dept ${DEPARTMENTS.join('|')}] [--ttl 8h]`);
  process.exit(2);
}

const role = values.role as Role | undefined;
if (!role || !ROLES.includes(role)) fail('--role is required');
const org = values.org ?? fail('--org is required');
if (role === 'caseworker' ? !/^\d{9}$/.test(org) : !/^\d{6}$/.test(org)) {
  fail(role === 'caseworker' ? 'a caseworker needs a 9-digit street code' : `a ${role} needs a 6-digit county code`);
}
const dept = values.dept as Department | undefined;
if (dept && !DEPARTMENTS.includes(dept)) fail(`--dept must be one of ${DEPARTMENTS.join(', ')}`);

const config = loadConfig();
const ttlMs = /^(\d+)([smhd])$/.exec(values.ttl ?? '8h');
if (!ttlMs) fail('--ttl must look like 30m, 8h or 7d');
const unit = { s: 1e3, m: 6e4, h: 36e5, d: 864e5 }[ttlMs[2] as 's' | 'm' | 'h' | 'd'];
const sign = createSigner({ key: config.jwtSecret, algorithm: 'HS256', expiresIn: Number(ttlMs[1]) * unit });
console.log(sign({ sub: values.sub ?? `${role}-${org}`, role, org, ...(dept ? { dept } : {}) }));
