/** The Tintri fake's HTTP plumbing: answers (logged in the request log), TintriErrors, bodies, sessions. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ERROR_TYPE_ID, type FakeRequest } from './fake-types.js';

export function send(res: ServerResponse, entry: FakeRequest, status: number, body?: unknown, headers: Record<string, string> = {}) {
  entry.status = status;
  if (body === undefined) {
    res.writeHead(status, headers);
    return res.end();
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body !== 'string' || /^[[{"]/.test(text) ? 'application/json' : 'text/plain', ...headers });
  res.end(text);
}

export const error = (res: ServerResponse, entry: FakeRequest, status: number, code: string, message: string, causeDetails = '') =>
  send(res, entry, status, { typeId: ERROR_TYPE_ID, code, message, causeDetails });

export async function readBody(req: IncomingMessage): Promise<{ ok: true; body: unknown } | { ok: false }> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString();
  if (!text) return { ok: true, body: undefined };
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

export const sessionOf = (req: IncomingMessage) => /(?:^|;\s*)JSESSIONID=([^;]+)/.exec(req.headers.cookie ?? '')?.[1] ?? null;
