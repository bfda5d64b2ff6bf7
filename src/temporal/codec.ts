import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, ValueError, type Payload, type PayloadCodec } from '@temporalio/common';
// A CommonJS module whose exports Node's ESM loader cannot name statically: its default is the whole module.
import proto from '@temporalio/proto';

const { temporal } = proto;

// Every payload (case inputs, views, activity arguments) leaves the process encrypted: Temporal's
// histories and its Web UI hold applicants' names, phones, addresses and incomes otherwise.
const ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';
const CIPHER = 'aes-256-gcm';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined) => (b ? new TextDecoder().decode(b) : undefined);

/** Keys by id; the first encrypts, every one decrypts, so a key rotates without losing old histories. */
export interface PayloadKeys {
  current: string;
  keys: Map<string, Buffer>;
}

/** `id:base64,id2:base64` (32-byte keys), as PAYLOAD_KEYS gives them; the first is current. */
export function parsePayloadKeys(spec: string): PayloadKeys {
  const keys = new Map<string, Buffer>();
  for (const entry of spec.split(',').map((e) => e.trim()).filter(Boolean)) {
    const [id, b64] = entry.split(':');
    const key = Buffer.from(b64 ?? '', 'base64');
    if (!id || key.length !== 32) throw new Error(`payload key ${id ?? '?'}: expected id:base64 of 32 bytes`);
    keys.set(id, key);
  }
  const current = keys.keys().next().value;
  if (current === undefined) throw new Error('no payload key given');
  return { current, keys };
}

/** AES-256-GCM over the whole encoded payload; the key id travels in the metadata. */
export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly k: PayloadKeys) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.k.keys.get(this.k.current)!;
    return payloads.map((p) => {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv(CIPHER, key, nonce);
      const sealed = Buffer.concat([cipher.update(temporal.api.common.v1.Payload.encode(p).finish()), cipher.final()]);
      return {
        metadata: { [METADATA_ENCODING_KEY]: utf8(ENCODING), [KEY_ID]: utf8(this.k.current) },
        data: Buffer.concat([nonce, sealed, cipher.getAuthTag()]),
      };
    });
  }

  /** Payloads written before encryption (committed histories among them) pass through unchanged. */
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.decodeOne(p));
  }

  /** One payload; a payload it cannot open throws an UnreadablePayload saying why. */
  decodeOne(p: Payload): Payload {
    if (text(p.metadata?.[METADATA_ENCODING_KEY]) !== ENCODING) return p;
    const keyId = text(p.metadata?.[KEY_ID]);
    if (keyId === undefined) throw new UnreadablePayload('no-key-id', 'cannot decrypt a payload: it names no key');
    const key = this.k.keys.get(keyId);
    if (!key) throw new UnreadablePayload('unknown-key', `cannot decrypt a payload: no key ${keyId}`);
    const data = Buffer.from(p.data ?? new Uint8Array());
    if (data.length < NONCE_BYTES + TAG_BYTES) throw new UnreadablePayload('short', 'cannot decrypt a payload: too short to hold a nonce and a tag');
    let plain: Buffer;
    try {
      const decipher = createDecipheriv(CIPHER, key, data.subarray(0, NONCE_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      plain = Buffer.concat([decipher.update(data.subarray(NONCE_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new UnreadablePayload('tampered', 'cannot decrypt a payload: it does not authenticate under its key');
    }
    try {
      return temporal.api.common.v1.Payload.decode(plain);
    } catch {
      throw new UnreadablePayload('tampered', 'cannot decrypt a payload: its plaintext is not a payload');
    }
  }
}

/** Why a payload cannot be opened: no key id, a key not (or no longer) configured, too short, or altered. */
export class UnreadablePayload extends ValueError {
  constructor(
    readonly reason: 'no-key-id' | 'unknown-key' | 'short' | 'tampered',
    message: string,
  ) {
    super(message);
  }
}
