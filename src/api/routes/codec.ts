import cors from '@fastify/cors';
import type { Payload } from '@temporalio/common';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AUDIT_READERS } from '../../domain/roles.js';
import { EncryptionCodec, UnreadablePayload, parsePayloadKeys } from '../../temporal/codec.js';
import { authenticate, requireRole } from '../auth.js';
import { ERROR_RESPONSES, validationFailed, type FieldProblem } from '../errors.js';
import { CodecPayloads } from '../schemas/codec.js';

/** Why a payload cannot be opened, as the caller reads it. */
const UNREADABLE: Record<UnreadablePayload['reason'], string> = {
  'no-key-id': '无法解密：载荷未注明加密密钥',
  'unknown-key': '无法解密：载荷所用的密钥未配置或已轮换移除',
  short: '无法解密：数据过短，不是加密载荷',
  tampered: '无法解密：数据已被篡改或与密钥不符',
};

type Wire = { metadata?: Record<string, string>; data?: string };

const fromWire = (p: Wire): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toWire = (p: Payload): Wire => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')])),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

/**
 * The codec server the Temporal Web UI calls to show encrypted histories (its `codec.endpoint` set to
 * `<api>/v1/codec`): only auditors and supervisors, with their bearer token; the UI's origin is the
 * only cross-origin caller allowed.
 */
export const codecRoutes =
  ({ payloadKeys, uiOrigin }: { payloadKeys: string; uiOrigin: string }): FastifyPluginAsyncZod =>
  async (app) => {
    const codec = new EncryptionCodec(parsePayloadKeys(payloadKeys));
    /** Each payload opened, or a 400 naming every one that cannot be, and why. */
    const decodeEach = async (ps: Payload[]): Promise<Payload[]> => {
      const problems: FieldProblem[] = [];
      const out = ps.map((p, i) => {
        try {
          return codec.decodeOne(p);
        } catch (err) {
          if (!(err instanceof UnreadablePayload)) throw err;
          problems.push({ path: `payloads.${i}`, message: UNREADABLE[err.reason] });
          return p;
        }
      });
      if (problems.length > 0) throw validationFailed(problems);
      return out;
    };
    // A preflight the CORS plugin would refuse in plain text (no Origin, no method asked for) is a 400 in the one shape.
    app.addHook('onRequest', async (request) => {
      if (request.method !== 'OPTIONS') return;
      const missing = ['origin', 'access-control-request-method'].filter((h) => !request.headers[h]);
      if (missing.length > 0) throw validationFailed(missing.map((h) => ({ path: `headers.${h}`, message: 'CORS 预检请求缺少此请求头' })));
    });
    await app.register(cors, { origin: uiOrigin, methods: ['POST'], allowedHeaders: ['authorization', 'content-type', 'x-namespace'] });
    app.addHook('onRequest', async (request) => {
      if (request.method !== 'OPTIONS') await authenticate(request);
    });
    for (const [op, run] of [
      ['decode', decodeEach],
      ['encode', (ps: Payload[]) => codec.encode(ps)],
    ] as const) {
      app.post(`/${op}`, {
        schema: { tags: ['audit'], summary: `Temporal Web UI codec: ${op} payloads (auditor, supervisor)`, body: CodecPayloads, response: { 200: CodecPayloads, ...ERROR_RESPONSES } },
        handler: async (request) => {
          requireRole(request.actor, AUDIT_READERS, `${op} Temporal payloads`);
          return { payloads: (await run(request.body.payloads.map(fromWire))).map(toWire) };
        },
      });
    }
  };
