import { z, type OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { Context, Env } from 'hono';
import { ApiError } from './errors.js';
import { errorLanguage, errorMessage, errorText, type ErrorLanguage } from './error-messages.js';
import { requestLanguages } from './language.js';

/**
 * zod's own words for a failed check ("Invalid input: expected string, received number") in
 * the host's error languages other than English. They are given to one parse at a time
 * (`schema.safeParseAsync(data, { error })`), never set with `z.config()`: the host leaves
 * zod's process-wide configuration alone, so an embedding app's own schemas keep zod's
 * English (or whatever the app configured), and two requests in different languages at
 * once each get their own. English is zod's own configuration.
 */
const ZOD_LOCALES: Partial<Record<ErrorLanguage, z.core.$ZodErrorMap>> = { de: z.locales.de().localeError };

/** What a request validator hands its hook: the input, zod's result and the part of the request it checked. */
type ValidationResult = { target: string; data?: unknown } & ({ success: true } | { success: false; error: z.ZodError });

/**
 * Makes every route `app.openapi()` registers answer a failed validation as JSON:API errors
 * with zod's words in the reader's language (`?lang=`, `Accept-Language`): the validator's
 * own parse runs with zod's configuration; when it fails and the reader reads another
 * language the host has zod's words in, the route's schema parses the same input once
 * more with that language's messages, for this parse only. Call it once, before routes.
 */
export function validateInReaderLanguage<E extends Env>(app: OpenAPIHono<E>): void {
  const openapi = app.openapi;
  app.openapi = ((route: RouteConfig, handler: never, hook?: unknown) =>
    openapi(route as never, handler, (hook ?? readerLanguageHook(route)) as never)) as typeof app.openapi;
}

function readerLanguageHook(route: RouteConfig) {
  return async (result: ValidationResult, c: Context): Promise<void> => {
    if (result.success) return;
    let issues: readonly z.core.$ZodIssue[] = result.error.issues;
    const locale = ZOD_LOCALES[errorLanguage(requestLanguages(c))];
    const schema = locale ? requestSchema(route, result.target) : undefined;
    if (schema) {
      const again = await schema.safeParseAsync(result.data, { error: locale });
      if (!again.success) issues = again.error.issues;
    }
    throw validationError(issues, result.target);
  };
}

/** The schema a route's validator checked `target` (`json`, `form`, `query`, …) with. */
function requestSchema(route: RouteConfig, target: string): z.ZodType | undefined {
  const request = route.request;
  const parts: Record<string, unknown> = {
    query: request?.query,
    param: request?.params,
    header: request?.headers,
    cookie: request?.cookies,
  };
  let schema = parts[target];
  if (target === 'json' || target === 'form') {
    const json = /^application\/([a-z.-]+\+)?json/;
    const media = Object.entries(request?.body?.content ?? {}).find(([type]) => json.test(type) === (target === 'json'))?.[1];
    schema = media && 'schema' in media ? media.schema : undefined;
  }
  return schema instanceof z.ZodType ? schema : undefined;
}

/** JSON:API 1.1 media type; every answer carries it. */
export const JSON_API = 'application/vnd.api+json';

export interface Resource<A = Record<string, unknown>> {
  type: string;
  id: string;
  attributes: A;
  relationships?: Record<string, { data: { type: string; id: string } | { type: string; id: string }[] | null }>;
  links?: { self: string };
}

export interface Page {
  number: number;
  size: number;
}

export const MAX_PAGE_SIZE = 100;

/** Query schema shared by list routes: `page[number]`, `page[size]`. */
export const pageQuery = z.object({
  'page[number]': z.coerce.number().int().min(1).default(1).openapi({ description: 'Page number, from 1.' }),
  'page[size]': z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(50)
    .openapi({ description: `Items per page, at most ${MAX_PAGE_SIZE}.` }),
});

/**
 * Slices `items` to the requested page and builds JSON:API `links` and `meta`.
 * `url` is the request URL; its other query parameters are kept in the links.
 */
export function paginate<T>(items: readonly T[], page: Page, url: string) {
  return { data: items.slice((page.number - 1) * page.size, page.number * page.size), ...pageLinks(items.length, page, url) };
}

/**
 * JSON:API `links` and `meta` of one page out of `total` items, for lists paged in SQL.
 * `url` is the request URL; its other query parameters are kept in the links.
 */
export function pageLinks(total: number, page: Page, url: string) {
  const last = Math.max(1, Math.ceil(total / page.size));
  const link = (n: number) => {
    const u = new URL(url);
    u.searchParams.set('page[number]', String(n));
    u.searchParams.set('page[size]', String(page.size));
    return u.pathname + u.search;
  };
  return {
    links: {
      self: link(page.number),
      first: link(1),
      last: link(last),
      prev: page.number > 1 ? link(Math.min(page.number - 1, last)) : null,
      next: page.number < last ? link(page.number + 1) : null,
    },
    meta: { total, page: { number: page.number, size: page.size, total: last } },
  };
}

/** A JSON:API response of `schema` for an OpenAPI route. */
export const doc = <T extends z.ZodTypeAny>(schema: T, description: string) => ({ description, content: { [JSON_API]: { schema } } });

/** A required JSON:API request body of `schema` for an OpenAPI route. */
export const body = <T extends z.ZodTypeAny>(schema: T) => ({ required: true, content: { [JSON_API]: { schema } } });

/** OpenAPI schema of a resource with the given attributes. */
export function resourceSchema<T extends z.ZodTypeAny>(type: string, attributes: T) {
  return z.object({ type: z.literal(type), id: z.string(), attributes });
}

export const errorObjectSchema = z
  .object({
    status: z.string(),
    code: z.string(),
    title: z.string(),
    detail: z.string().optional(),
    source: z.object({ pointer: z.string().optional(), parameter: z.string().optional(), header: z.string().optional() }).optional(),
    meta: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('ErrorObject');

export const errorDocumentSchema = z.object({ errors: z.array(errorObjectSchema) }).openapi('ErrorDocument');

export const linksSchema = z.object({
  self: z.string(),
  first: z.string(),
  last: z.string(),
  prev: z.string().nullable(),
  next: z.string().nullable(),
});

/** Standard error responses for the OpenAPI document. */
export function errorResponses(...statuses: number[]) {
  const descriptions: Record<number, string> = {
    400: 'Malformed request',
    401: 'Missing, expired or invalid token',
    403: 'The token lacks a role this needs',
    404: 'No such resource for this tenant',
    409: 'Conflicts with the current state',
    413: 'Body too large',
    415: 'Unsupported media type',
    422: 'Validation failed',
    429: 'Too many changes from this token; retry after Retry-After seconds',
    502: 'A provider answered with an error',
    503: 'A provider is unavailable',
  };
  // Every route that takes a body (they list 415) is a write, and writes are rate-limited per token.
  const all = statuses.includes(415) && !statuses.includes(429) ? [...statuses, 429] : statuses;
  return Object.fromEntries(
    all.map((s) => [s, { description: descriptions[s] ?? 'Error', content: { [JSON_API]: { schema: errorDocumentSchema } } }]),
  );
}

/** Turns zod issues into JSON:API error objects with JSON pointers into the body. */
export function validationError(
  issues: readonly { path: readonly PropertyKey[]; message: string; code?: string }[],
  target: 'json' | 'query' | 'param' | string,
): ApiError {
  const messages = issues.map((issue) =>
    errorMessage(target === 'json' ? 'invalid.attribute' : 'invalid.parameter', {
      field: issue.path.map(String).join('.') || target,
      problem: issue.message,
    }),
  );
  return ApiError.many(
    target === 'json' ? 422 : 400,
    issues.map((issue, i) => {
      const path = issue.path.map((p) => String(p));
      const source =
        target === 'json'
          ? { pointer: '/' + path.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/') }
          : target === 'header'
            ? { header: path.join('.') }
            : { parameter: path.join('.') };
      return { status: target === 'json' ? '422' : '400', code: 'invalid', ...errorText(messages[i]!, 'en'), source };
    }),
    messages,
  );
}
