import { readerActivityDetail } from '../../provider-words.js';
import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { HostEnv } from '../../context.js';
import type { HostServices } from '../../container.js';
import { requireToken, type AuthConfig } from '../../auth/middleware.js';
import type { EmbedTokenClaims } from '../../auth/embed-token.js';
import { ApiError } from '../../errors.js';
import { doc, errorResponses, linksSchema, pageLinks, pageQuery } from '../../jsonapi.js';
import { BILLING_READERS } from '../billing/routes.js';
import { ACTIVITY_KINDS, type AuditEntry, type AuditFilter } from './audit-service.js';
import { errorMessage } from '../../error-messages.js';

/** Kinds only billing readers see: a technical-only token reads servers and tickets, not money. */
const MONEY_KINDS = ['payment', 'payment_method', 'payment_setup', 'autopay'];

const instant = z.string().max(40).openapi({
  description: 'An ISO 8601 instant (`2026-11-01T00:00:00Z`) or a date, read as midnight UTC.',
  example: '2026-11-01T00:00:00Z',
});
const filterQuery = z.object({
  'filter[kind]': z
    .string()
    .max(300)
    .optional()
    .openapi({ description: `Comma-separated kinds: ${ACTIVITY_KINDS.join(', ')}.`, example: 'server,payment' }),
  'filter[user]': z.string().max(200).optional().openapi({ description: 'Only what this user did (as in the embed token).' }),
  'filter[from]': instant.optional().openapi({ description: 'From this instant (inclusive).' }),
  'filter[to]': instant.optional().openapi({ description: 'Until this instant (exclusive); a date means up to the end of that day.' }),
});

const activityResource = z
  .object({
    type: z.literal('activities'),
    id: z.string(),
    attributes: z.object({
      at: z.string(),
      user: z.string().openapi({ description: 'Who: the user of the embed token, or `system` for the host’s own jobs.' }),
      action: z.string().openapi({ description: 'What: `server.stop`, `payment.succeeded`, `ticket.created`, …', example: 'server.stop' }),
      kind: z.string().openapi({ description: "The action's first word.", example: 'server' }),
      target: z.string().openapi({ description: 'What it was done to: a server id, a payment id, a ticket or order number.' }),
      sourceAddress: z.string().nullable().openapi({
        description: 'The client address the host saw (the socket peer, or what the configured proxy rule resolves); null for jobs.',
      }),
      detail: z.record(z.string(), z.unknown()),
    }),
  })
  .openapi('Activity');

const listActivity = createRoute({
  method: 'get',
  path: '/api/v1/activity',
  tags: ['Account'],
  summary: "The account's activity log: who did what, when, from where (newest first)",
  description:
    "Every role reads its own tenant's log; staff read the log of the account their token was minted for. Payments, payment methods and autopay appear only for billing readers (customer, billing, staff). The log is append-only: nothing in it is ever changed or removed.",
  security: [{ embedToken: [] }],
  request: { query: pageQuery.extend(filterQuery.shape) },
  responses: {
    200: doc(
      z.object({
        data: z.array(activityResource),
        links: linksSchema,
        meta: z.object({
          total: z.number(),
          page: z.object({ number: z.number(), size: z.number(), total: z.number() }),
          users: z.array(z.string()).openapi({ description: 'Everyone in the log, for a user filter.' }),
          kinds: z.array(z.string()).openapi({ description: 'The kinds this token may see.' }),
        }),
      }),
      'One page of the log',
    ),
    ...errorResponses(400, 401),
  },
});

const exportActivity = createRoute({
  method: 'get',
  path: '/api/v1/activity.csv',
  tags: ['Account'],
  summary: 'The activity log as CSV (same filters, newest first, at most 10,000 entries)',
  description: 'Cells a spreadsheet would run as formulas (a user named `=cmd|…`) are prefixed with an apostrophe.',
  security: [{ embedToken: [] }],
  request: { query: filterQuery },
  responses: { 200: { description: 'CSV (UTF-8)', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses(400, 401) },
});

export function activityRoutes(app: OpenAPIHono<HostEnv>, auth: AuthConfig, deps: Pick<HostServices, 'audit'>) {
  for (const path of ['/api/v1/activity', '/api/v1/activity.csv']) app.use(path, requireToken(auth));

  app.openapi(listActivity, async (c) => {
    const q = c.req.valid('query');
    const filter = toFilter(q, c.get('auth'));
    const page = { number: q['page[number]'], size: q['page[size]'] };
    const [{ items, total }, users] = await Promise.all([
      deps.audit.page(c.get('auth').tenant, filter, { offset: (page.number - 1) * page.size, limit: page.size }),
      deps.audit.actors(c.get('auth').tenant, { hiddenKinds: filter.hiddenKinds }),
    ]);
    const { links, meta } = pageLinks(total, page, c.req.url);
    return c.json({ data: items.map(toResource), links, meta: { ...meta, users, kinds: visibleKinds(c.get('auth')) } }, 200);
  });

  app.openapi(exportActivity, async (c) => {
    const csv = await deps.audit.csv(c.get('auth').tenant, toFilter(c.req.valid('query'), c.get('auth')));
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="activity-${c.get('auth').tenant}.csv"`,
      'cache-control': 'private, no-store',
    }) as never;
  });
}

const mayReadMoney = (claims: EmbedTokenClaims) => claims.roles.some((r) => BILLING_READERS.includes(r));
const visibleKinds = (claims: EmbedTokenClaims) => ACTIVITY_KINDS.filter((k) => mayReadMoney(claims) || !MONEY_KINDS.includes(k));

function toFilter(q: z.infer<typeof filterQuery>, claims: EmbedTokenClaims): AuditFilter {
  const kinds =
    q['filter[kind]']
      ?.split(',')
      .map((k) => k.trim())
      .filter(Boolean) ?? [];
  const unknown = kinds.filter((k) => !(ACTIVITY_KINDS as readonly string[]).includes(k));
  if (unknown.length)
    throw new ApiError(400, errorMessage('invalid.kind', { kind: unknown[0]!, kinds: ACTIVITY_KINDS.join(', ') }), {
      source: { parameter: 'filter[kind]' },
    });
  const from = q['filter[from]'] ? parseInstant(q['filter[from]'], 'filter[from]', false) : undefined;
  const to = q['filter[to]'] ? parseInstant(q['filter[to]'], 'filter[to]', true) : undefined;
  if (from && to && from >= to) throw new ApiError(400, errorMessage('invalid.activity_range'), { source: { parameter: 'filter[to]' } });
  return { kinds, hiddenKinds: mayReadMoney(claims) ? [] : MONEY_KINDS, user: q['filter[user]'] || undefined, from, to };
}

/** An ISO instant, or a date: its midnight UTC (`endOfDay`: the next midnight, so the day is included). */
function parseInstant(value: string, parameter: string, endOfDay: boolean): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const ms = Date.parse(date ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}/.test(value))
    throw new ApiError(400, errorMessage('invalid.time', { parameter, value }), { source: { parameter } });
  return new Date(date && endOfDay ? ms + 86_400_000 : ms).toISOString();
}

function toResource(e: AuditEntry) {
  return {
    type: 'activities' as const,
    id: e.id,
    attributes: {
      at: e.createdAt,
      user: e.actor,
      action: e.action,
      kind: e.kind,
      target: e.subject,
      sourceAddress: e.sourceAddress,
      detail: readerActivityDetail(e.action, e.subject, e.detail),
    },
  };
}
