import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.js';
import { errorMessage } from '../error-messages.js';

export interface BodyGuardOptions {
  /** Largest accepted body in bytes. Default 64 KiB. */
  maxBytes?: number;
  /** Deepest accepted nesting of objects and arrays. Default 16. */
  maxDepth?: number;
  /**
   * Paths that take multipart/form-data uploads: such a request passes unread (its route
   * limits and parses it), other media types there are guarded as everywhere.
   */
  multipartPaths?: RegExp;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Control characters no text field may hold (line breaks and tabs are text). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** In a path or query parameter not even those. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_IN_PARAMETER = /[\u0000-\u001f\u007f]/;

const controlCharacters = (where: string, source: { pointer: string } | { parameter: string }) =>
  new ApiError(422, errorMessage('control_characters', { where }), { source });

/**
 * Refuses a path segment or query value with a control character, before any route sees it.
 * A URL without a percent sign or a raw control character has none to decode and none to find,
 * so most requests (ids, dates, plain words) skip parsing it again.
 */
function checkParameters(url: string): void {
  if (!url.includes('%') && !CONTROL_IN_PARAMETER.test(url)) return;
  const { pathname, searchParams } = new URL(url);
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    throw new ApiError(400, errorMessage('invalid_encoding'));
  }
  if (CONTROL_IN_PARAMETER.test(path)) throw controlCharacters('The request path', { parameter: 'path' });
  for (const [name, value] of searchParams) {
    if (CONTROL_IN_PARAMETER.test(name) || CONTROL_IN_PARAMETER.test(value))
      throw controlCharacters(`The query parameter "${name}"`, { parameter: name });
  }
}

/**
 * Reads, decodes and parses JSON bodies once, before any validator runs, and refuses
 * what no route should ever see: oversize bodies (413), the wrong media type (415),
 * invalid UTF-8, malformed JSON, absurd nesting and prototype keys (400), and control
 * characters such as NUL in any string, key, path segment or query value (422: PostgreSQL
 * refuses NUL in text, SQLite would store it). The parsed
 * body is left in Hono's body cache, so validators reuse it and nothing is read twice.
 */
export function bodyGuard(options: BodyGuardOptions = {}): MiddlewareHandler {
  const maxBytes = options.maxBytes ?? 64 * 1024;
  const maxDepth = options.maxDepth ?? 16;
  const decoder = new TextDecoder('utf-8', { fatal: true });

  return async function bodyGuardMiddleware(c, next) {
    checkParameters(c.req.url);
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS' || c.req.method === 'DELETE') {
      return next();
    }
    const declared = Number(c.req.header('content-length') ?? NaN);
    if (declared > maxBytes) throw tooLarge(maxBytes);

    if (options.multipartPaths?.test(c.req.path) && /^multipart\/form-data\s*;/i.test(c.req.header('content-type') ?? '')) return next();
    const raw = c.req.raw;
    // An empty body (Content-Length: 0, as browsers send for a bodiless POST) is no body.
    if (!raw.body || declared === 0) return next();
    const type = c.req.header('content-type') ?? '';
    // JSON:API: a media type parameter other than ext/profile is a 415.
    if (!/^application\/(vnd\.api\+)?json\s*(;\s*(charset=utf-8|ext="[^"]*"|profile="[^"]*")\s*)*$/i.test(type)) {
      throw new ApiError(415, errorMessage('unsupported_media_type'), {
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
      throw new ApiError(400, errorMessage('invalid_encoding.body'));
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new ApiError(400, errorMessage('malformed_json', { problem: (err as Error).message }));
    }
    checkShape(parsed, maxDepth);
    // Hono's validators read the body through this cache.
    (c.req as unknown as { bodyCache: Record<string, unknown> }).bodyCache.json = Promise.resolve(parsed);
    // And the exact text, for webhooks whose signature covers the raw body (payment gateways).
    (c.req as unknown as { bodyCache: Record<string, unknown> }).bodyCache.text = Promise.resolve(text);
    return next();
  };
}

function checkShape(value: unknown, maxDepth: number): void {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 0, path: '' }];
  while (stack.length) {
    const item = stack.pop()!;
    if (typeof item.value === 'string') {
      if (CONTROL_IN_TEXT.test(item.value)) throw controlCharacters(`The value at ${item.path || '/'}`, { pointer: item.path || '/' });
      continue;
    }
    if (item.value === null || typeof item.value !== 'object') continue;
    if (item.depth >= maxDepth) {
      throw new ApiError(400, errorMessage('too_deep', { depth: maxDepth }), {
        source: { pointer: item.path || '/' },
      });
    }
    for (const [key, child] of Object.entries(item.value)) {
      if (CONTROL_IN_PARAMETER.test(key)) throw controlCharacters(`A key in ${item.path || '/'}`, { pointer: item.path || '/' });
      if (FORBIDDEN_KEYS.has(key)) {
        throw new ApiError(400, errorMessage('forbidden_key', { key }), {
          source: { pointer: `${item.path}/${key}` },
        });
      }
      stack.push({ value: child, depth: item.depth + 1, path: `${item.path}/${key}` });
    }
  }
}

const tooLarge = (maxBytes: number) => new ApiError(413, errorMessage('payload_too_large', { bytes: maxBytes }));
