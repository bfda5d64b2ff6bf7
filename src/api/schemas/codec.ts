import { z } from 'zod';

/** Temporal's codec-server wire format: payloads with base64 metadata values and data. */
export const CodecPayloads = z.strictObject({
  payloads: z.array(z.strictObject({ metadata: z.record(z.string(), z.string()).optional(), data: z.string().optional() })).max(1000),
});
