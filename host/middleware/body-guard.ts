import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.js';

export interface BodyGuardOptions {
  /** Largest accepted body in bytes. Default 64 KiB. */
  maxBytes?: number;
  /** Deepest accepted nesting of objects and arrays. Default 16. */
  maxDepth?: number;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Reads, decodes and parses JSON bodies once, before any validator runs, and refuses
 * what no route should ever see: oversize bodies (413), the wrong media type (415),
 * invalid UTF-8, malformed JSON, absurd nesting and prototype keys (400). The parsed
 * body is left in Hono's body cache, so validators reuse it and nothing is read twice.
 */
export function bodyGuard(options: BodyGuardOptions = {}): MiddlewareHandler {
  const maxBytes = options.maxBytes ?? 64 * 1024;
  const maxDepth = options.maxDepth ?? 16;
  const decoder = new TextDecoder('utf-8', { fatal: true });

  return async function bodyGuardMiddleware(c, next) {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS' || c.req.method === 'DELETE') {
      return next();
    }
    const declared = Number(c.req.header('content-length') ?? NaN);
    if (declared > maxBytes) throw tooLarge(maxBytes);

    const raw = c.req.raw;
    // An empty body (Content-Length: 0, as browsers send for a bodiless POST) is no body.
    if (!raw.body || declared === 0) return next();
    const type = c.req.header('content-type') ?? '';
    // JSON:API: a media type parameter other than ext/profile is a 415.
    if (!/^application\/(vnd\.api\+)?json\s*(;\s*(charset=utf-8|ext="[^"]*"|profile="[^"]*")\s*)*$/i.test(type)) {
      throw new ApiError(415, 'unsupported_media_type', 'Unsupported media type', 'Send the body as application/vnd.api+json.', {
        source: { header: 'Content-Type' },
      });
    }

    // Count bytes while reading: Content-Length may be absent or lie.
    const reader = raw.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
    }
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }

    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      throw new ApiError(400, 'invalid_encoding', 'Invalid encoding', 'The request body is not valid UTF-8.');
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new ApiError(400, 'malformed_json', 'Malformed JSON', `The request body is not valid JSON: ${(err as Error).message}`);
    }
    checkShape(parsed, maxDepth);
    // Hono's validators read the body through this cache.
    (c.req as unknown as { bodyCache: Record<string, unknown> }).bodyCache.json = Promise.resolve(parsed);
    return next();
  };
}

function checkShape(value: unknown, maxDepth: number): void {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 0, path: '' }];
  while (stack.length) {
    const item = stack.pop()!;
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth >= maxDepth) {
      throw new ApiError(400, 'too_deep', 'Body nested too deeply', `JSON nested deeper than ${maxDepth} levels is refused.`, {
        source: { pointer: item.path || '/' },
      });
    }
    for (const [key, child] of Object.entries(item.value)) {
      if (FORBIDDEN_KEYS.has(key)) {
        throw new ApiError(400, 'forbidden_key', 'Forbidden key', `The key "${key}" is not allowed in a request body.`, {
          source: { pointer: `${item.path}/${key}` },
        });
      }
      stack.push({ value: child, depth: item.depth + 1, path: `${item.path}/${key}` });
    }
  }
}

const tooLarge = (maxBytes: number) =>
  new ApiError(413, 'payload_too_large', 'Body too large', `Request bodies are limited to ${maxBytes} bytes.`);
