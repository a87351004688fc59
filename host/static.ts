import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { HostEnv } from './context.js';
import { ApiError } from './errors.js';
import { errorMessage } from './error-messages.js';

/** A hashed chunk's name changes with its content: browsers and CDNs keep it for a year. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Entries (`index.js`, `<name>.js`, `glasspane.min.js`, the manifest) keep their names: revalidated by ETag. */
export const SHORT_LIVED = 'public, max-age=300';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

type Encoding = 'br' | 'gzip';

interface KitFile {
  mtimeMs: number;
  size: number;
  /** The content's hash: the ETag is it, with `-br` or `-gzip` for a compressed copy. */
  hash: string;
  body: Buffer;
  /** The build's precompressed copies (`<file>.br`, `<file>.gz`), when present, fresh and smaller. */
  br?: Buffer;
  gzip?: Buffer;
}

/**
 * Serves the built kit (`vite build`, scripts/kit-build.ts) at `/elements/`, for portals on
 * other origins: module scripts readable from any origin.
 *
 * - `/elements/<version>/…` is one version's files; `/elements/index.js` and
 *   `/elements/<name>.js` re-export the current version's, so a page on the stable path
 *   gets the new version after a deploy, and a page that loaded an older one keeps
 *   finding that version's chunks (the build keeps earlier versions).
 * - Files in a `chunks/` folder carry their content hash in their name:
 *   `Cache-Control: public, max-age=31536000, immutable`. Everything else is short-lived
 *   with a strong ETag, and `If-None-Match` answers `304`.
 * - `Accept-Encoding` picks the build's brotli or gzip copy (`Vary: Accept-Encoding`);
 *   nothing is compressed per request.
 *
 * A missing file answers a JSON:API 404 (one that says to build the kit if it is not built).
 */
export function serveKit(app: OpenAPIHono<HostEnv>, dir = 'dist/elements'): void {
  const root = resolve(dir);
  const files = new KitFiles(root);
  app.use('/elements/*', async (c, next) => {
    c.header('Access-Control-Allow-Origin', '*');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    await next();
  });
  app.get('/elements/*', async (c) => {
    const path = kitPath(new URL(c.req.url).pathname);
    const file = path ? await files.get(path) : undefined;
    if (!path || !file) {
      if (!existsSync(join(root, 'index.js'))) {
        throw new ApiError(404, errorMessage('kit_not_built'));
      }
      throw new ApiError(404, errorMessage('not_found.bundle', { path: c.req.path }));
    }
    const encoding = pickEncoding(c.req.header('accept-encoding'), file);
    const etag = `"${file.hash}${encoding ? `-${encoding}` : ''}"`;
    const headers: Record<string, string> = {
      'Cache-Control': /(^|\/)chunks\//.test(path) ? IMMUTABLE : SHORT_LIVED,
      ETag: etag,
      Vary: 'Accept-Encoding',
    };
    if (matches(c.req.header('if-none-match'), file.hash)) return c.body(null, 304, headers);
    const body = encoding ? file[encoding]! : file.body;
    headers['Content-Type'] = TYPES[extension(path)]!;
    headers['Content-Length'] = String(body.length);
    if (encoding) headers['Content-Encoding'] = encoding;
    // A Buffer read from a file: its memory is an ArrayBuffer, never shared.
    return c.body(new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.length), 200, headers);
  });
}

/** The file a request path names inside the kit's folder, or undefined for one it must not serve. */
function kitPath(pathname: string): string | undefined {
  const segments = pathname.replace(/^\/elements\//, '').split('/');
  const decoded: string[] = [];
  for (const segment of segments) {
    let s: string;
    try {
      s = decodeURIComponent(segment);
    } catch {
      return undefined;
    }
    // No empty, dot or hidden segment, no separator smuggled in encoded: nothing outside the folder.
    if (!s || s.startsWith('.') || /[/\\\0]/.test(s)) return undefined;
    decoded.push(s);
  }
  const path = decoded.join('/');
  // Only what a page loads: the compressed copies are chosen by Accept-Encoding, not named.
  return extension(path) in TYPES ? path : undefined;
}

const extension = (path: string) => /\.[a-z]+$/.exec(path)?.[0] ?? '';

/** Reads the kit's files once per build: a file is read again when its size or time changes. */
class KitFiles {
  readonly #cache = new Map<string, KitFile>();
  #bytes = 0;
  /** Enough for several versions' entries and chunks; the least recently used leave first. */
  static readonly MAX_BYTES = 64 * 1024 * 1024;

  constructor(private readonly root: string) {}

  async get(path: string): Promise<KitFile | undefined> {
    const full = resolve(this.root, path);
    if (!full.startsWith(this.root + sep)) return undefined;
    const info = await stat(full).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    const cached = this.#cache.get(full);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) {
      this.#cache.delete(full);
      this.#cache.set(full, cached);
      return cached;
    }
    const body = await readFile(full);
    const file: KitFile = {
      mtimeMs: info.mtimeMs,
      size: info.size,
      hash: createHash('sha256').update(body).digest('base64url').slice(0, 32),
      body,
    };
    // A copy older than its file is a previous build's: left out rather than served as this one.
    for (const [encoding, suffix] of [
      ['br', '.br'],
      ['gzip', '.gz'],
    ] as const) {
      const copy = await stat(full + suffix).catch(() => undefined);
      if (!copy?.isFile() || copy.mtimeMs < info.mtimeMs || copy.size >= body.length) continue;
      file[encoding] = await readFile(full + suffix);
    }
    this.#remember(full, file, cached);
    return file;
  }

  #remember(full: string, file: KitFile, previous: KitFile | undefined): void {
    const size = (f: KitFile) => f.body.length + (f.br?.length ?? 0) + (f.gzip?.length ?? 0);
    if (previous) {
      this.#cache.delete(full);
      this.#bytes -= size(previous);
    }
    this.#cache.set(full, file);
    this.#bytes += size(file);
    for (const [key, old] of this.#cache) {
      if (this.#bytes <= KitFiles.MAX_BYTES || key === full) break;
      this.#cache.delete(key);
      this.#bytes -= size(old);
    }
  }
}

/** The best encoding the client accepts and the build made a copy in: brotli, then gzip, else none. */
function pickEncoding(header: string | undefined, file: KitFile): Encoding | undefined {
  if (!header) return undefined;
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const weight = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    q.set(name, weight === undefined ? 1 : Number(weight));
  }
  const accepts = (name: string) => (q.get(name) ?? (name === 'gzip' ? q.get('x-gzip') : undefined) ?? q.get('*') ?? 0) > 0;
  const offered = (['br', 'gzip'] as const).filter((e) => file[e] && accepts(e));
  // Brotli unless the client prefers gzip by weight.
  return offered.sort((a, b) => (q.get(b) ?? q.get('*') ?? 0) - (q.get(a) ?? q.get('*') ?? 0))[0];
}

/**
 * Whether `If-None-Match` names this content. Weak comparison (RFC 9110 13.1.2), and any
 * encoding's tag counts: each is the same content, which is what the client holds.
 */
function matches(header: string | undefined, hash: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some(
    (tag) =>
      tag
        .trim()
        .replace(/^W\//, '')
        .replace(/^"|"$/g, '')
        .replace(/-(br|gzip)$/, '') === hash,
  );
}
