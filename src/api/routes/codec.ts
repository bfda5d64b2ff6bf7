import cors from '@fastify/cors';
import type { Payload } from '@temporalio/common';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AUDIT_READERS } from '../../domain/roles.js';
import { EncryptionCodec, parsePayloadKeys } from '../../temporal/codec.js';
import { authenticate, requireRole } from '../auth.js';
import { ERROR_RESPONSES } from '../errors.js';
import { CodecPayloads } from '../schemas/codec.js';

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
    await app.register(cors, { origin: uiOrigin, methods: ['POST'], allowedHeaders: ['authorization', 'content-type', 'x-namespace'] });
    app.addHook('onRequest', async (request) => {
      if (request.method !== 'OPTIONS') await authenticate(request);
    });
    for (const [op, run] of [
      ['decode', (ps: Payload[]) => codec.decode(ps)],
      ['encode', (ps: Payload[]) => codec.encode(ps)],
    ] as const) {
      app.post(`/${op}`, {
        schema: { tags: ['audit'], summary: `Temporal Web UI codec: ${op} payloads (auditor, supervisor)`, body: CodecPayloads, response: { 200: CodecPayloads, ...ERROR_RESPONSES } },
        handler: async (request) => {
          requireRole(request.actor, AUDIT_READERS, op === 'decode' ? 'what.decodePayloads' : 'what.encodePayloads');
          return { payloads: (await run(request.body.payloads.map(fromWire))).map(toWire) };
        },
      });
    }
  };
