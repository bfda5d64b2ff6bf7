// Prints a development JWT: npm run token -- --role caseworker --org 420106001 [--sub id] [--name 张三] [--dept yibao] [--ttl 8h]
// (npm run token -- --help).
import { parseArgs } from 'node:util';
import { createSigner } from 'fast-jwt';
import { loadConfig } from '../src/config.js';
import { DEPARTMENTS, ROLES, type Department, type Role } from '../src/domain/roles.js';

const USAGE = `usage: npm run token -- --role <${ROLES.join('|')}> --org <code> [--sub id] [--name 张三] [--dept ${DEPARTMENTS.join('|')}] [--ttl 8h]

Prints a development JWT (HS256) for the API's Authorization header: \`Authorization: Bearer <token>\`.
  --role   the caller's role
  --org    a 9-digit street code for a caseworker (420106001), a 6-digit county code for the others (420106)
  --dept   an approver's department (default minzheng)
  --sub    the subject (default <role>-<org>)
  --name   the person's name (the \`name\` claim the history and the audit show)
  --ttl    lifetime: 30m, 8h, 7d (default 8h)

The token is signed with JWT_SECRET (at least 16 characters), read as the server reads it: the
server accepts it only if both see the same JWT_SECRET. With neither setting it, both use the
development secret.`;

function fail(message: string): never {
  console.error(`token: ${message}\n${USAGE.split('\n')[0]}\n(npm run token -- --help for more)`);
  process.exit(2);
}

let values: { role?: string; org?: string; sub?: string; name?: string; dept?: string; ttl?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      role: { type: 'string' },
      org: { type: 'string' },
      sub: { type: 'string' },
      name: { type: 'string' },
      dept: { type: 'string' },
      ttl: { type: 'string', default: '8h' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const role = values.role as Role | undefined;
if (!role) fail('--role is required');
if (!ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
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
console.log(sign({ sub: values.sub ?? `${role}-${org}`, role, org, ...(dept ? { dept } : {}), ...(values.name ? { name: values.name } : {}) }));
