import { z } from '@hono/zod-openapi';

/** `https://portal.example` — scheme, host and optional port; nothing else. */
export const originSchema = z
  .string()
  .max(200)
  .regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i, 'must be an origin such as https://portal.example (no path)');

/** Ids in paths and bodies: letters, digits, dot, dash, underscore. */
export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "-" and "_" only');

/** Text as people wrote it, but without control characters other than line breaks and tabs. */
export const plainText = (max: number) =>
  z
    .string()
    .max(max)
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), 'contains control characters');
