import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';

/**
 * SSE ids that tell a tenant nothing about other tenants: the bus's id (one sequence for
 * every tenant) is encrypted together with a digest of the tenant into one AES block, so
 * ids look random, are only valid for their tenant, and still resume the stream on any
 * host process that shares the token secret.
 */
export interface StreamIdCodec {
  /** 22 characters of base64url. */
  encode(id: number, tenant: string): string;
  /** The bus id, or `undefined` when `value` is no id of this tenant's. */
  decode(value: string, tenant: string): number | undefined;
}

export const STREAM_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** Most ids one `lastEventId` may list (the positions of a page's reads; see `earliestId`). */
export const MAX_RESUME_IDS = 8;

/** One id, or up to MAX_RESUME_IDS of them comma-separated. */
export const RESUME_IDS_PATTERN = new RegExp(`^[A-Za-z0-9_-]{22}(,[A-Za-z0-9_-]{22}){0,${MAX_RESUME_IDS - 1}}$`);

/**
 * The earliest bus id of a comma-separated list of encoded ids, or `undefined` when any of them
 * is no id of this tenant's. A page whose reads were told different stream positions cannot
 * order them (they are opaque to it), so it sends them all and the stream resumes from the earliest.
 */
export function earliestId(ids: StreamIdCodec, value: string, tenant: string): number | undefined {
  let earliest: number | undefined;
  for (const each of value.split(',')) {
    const id = ids.decode(each, tenant);
    if (id === undefined) return undefined;
    earliest = Math.min(id, earliest ?? id);
  }
  return earliest;
}

export function streamIdCodec(secret: string): StreamIdCodec {
  const key = createHash('sha256').update('glasspane stream ids\0').update(secret).digest();
  const tenantTag = (tenant: string) => createHash('sha256').update(tenant).digest().subarray(0, 8);
  const crypt = (block: Buffer, decrypt: boolean) => {
    const cipher = decrypt ? createDecipheriv('aes-256-ecb', key, null) : createCipheriv('aes-256-ecb', key, null);
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(block), cipher.final()]);
  };
  return {
    encode(id, tenant) {
      const block = Buffer.alloc(16);
      block.writeBigUInt64BE(BigInt(id), 0);
      tenantTag(tenant).copy(block, 8);
      return crypt(block, false).toString('base64url');
    },
    decode(value, tenant) {
      if (!STREAM_ID_PATTERN.test(value)) return undefined;
      const block = crypt(Buffer.from(value, 'base64url'), true);
      if (!block.subarray(8).equals(tenantTag(tenant))) return undefined;
      const id = block.readBigUInt64BE(0);
      return id <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(id) : undefined;
    },
  };
}
