import { z } from '@hono/zod-openapi';

/** `https://portal.example` — scheme, host and optional port; nothing else. */
export const originSchema = z
  .string()
  .max(200)
  .regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i, 'must be an origin such as https://portal.example (no path)');

/** Ids in paths and bodies: letters, digits, dot, dash, underscore. */
export const idSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "-" and "_" only');
