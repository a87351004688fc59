import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { HostEnv } from '../../context.js';
import type { HostServices } from '../../container.js';
import { requireToken, type AuthConfig } from '../../auth/middleware.js';
import { ApiError } from '../../errors.js';
import { doc, errorResponses } from '../../jsonapi.js';
import { EVENT_TYPES } from './account-events.js';
import { HINT_RULES } from './hints.js';
import { daysBetween } from '../orders/proration.js';
import { isTimeZone } from '../../dates.js';
import { inventory } from '../orders/inventory.js';
import { SERVICE_KINDS } from '../orders/catalog.js';
import { errorMessage } from '../../error-messages.js';

const eventResource = z
  .object({
    type: z.literal('account-events'),
    id: z.string(),
    attributes: z.object({
      type: z.enum(EVENT_TYPES),
      at: z.string(),
      title: z.string(),
      severity: z.enum(['info', 'warning', 'critical']),
      link: z
        .object({ kind: z.string(), id: z.string() })
        .openapi({ description: 'What a click opens: ticket, server, order, payment, invoice, maintenance, service.' }),
      message: z
        .object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) })
        .optional()
        .openapi({
          description:
            "What `title` says, as a message key and its data, for a client to word in the reader's language (`title` is English). Keys: order, payment_received, payment_failed, certificate_bought, domain_bought, usage_at_limit, server_created, server_birthday.",
        }),
      detail: z.record(z.string(), z.unknown()),
    }),
  })
  .openapi('AccountEvent');
const hintSchema = z
  .object({
    rule: z.enum(HINT_RULES),
    severity: z.enum(['warning', 'critical']),
    params: z.record(z.string(), z.union([z.string(), z.number()])),
    detail: z.string(),
    link: z
      .object({ kind: z.string(), id: z.string() })
      .nullable()
      .openapi({ description: 'The evidence: what a click opens (service, server, protection, invoice).' }),
  })
  .openapi('AccountHint');

const listEvents = createRoute({
  method: 'get',
  path: '/api/v1/account-events',
  tags: ['Account'],
  summary: "What happened on the account (staff role), grouped by day, with the range's hints",
  description:
    'Days are calendar days in `timeZone`. `meta.days` counts events per type per day; `meta.hints` explains patterns that broke (backups that stopped, alerts above the baseline, ticket surges, overdue invoices, certificates about to expire), each with its numbers.',
  security: [{ embedToken: [] }],
  request: {
    query: z.object({
      start: z.iso.date().openapi({ description: 'First day (inclusive).', example: '2026-11-01' }),
      end: z.iso.date().openapi({ description: 'Day after the last (exclusive), at most 62 days after start.', example: '2026-12-01' }),
      timeZone: z.string().max(64).default('UTC').openapi({ description: 'IANA time zone of the calendar.', example: 'Europe/Berlin' }),
    }),
  },
  responses: {
    200: doc(
      z.object({
        data: z.array(eventResource),
        meta: z.object({
          days: z.record(z.string(), z.record(z.string(), z.number())),
          hints: z.array(hintSchema),
          unavailable: z.array(z.object({ source: z.string(), detail: z.string() })),
        }),
      }),
      'The events',
    ),
    ...errorResponses(400, 401, 403),
  },
});

const inventoryItem = z
  .object({
    type: z.literal('inventory-items'),
    id: z.string(),
    attributes: z.object({
      kind: z.enum(SERVICE_KINDS),
      name: z.string(),
      plan: z.object({ id: z.string(), name: z.string(), monthlyAmount: z.number(), currency: z.string() }).nullable(),
      flavor: z.string().nullable(),
      region: z.string().nullable(),
      startedOn: z.string(),
      renewsOn: z.string().openapi({ description: 'Renewal date; for certificates and domains the day they expire.' }),
      daysLeft: z.number(),
      expiresSoon: z.boolean(),
      addons: z.array(z.object({ id: z.string(), name: z.string(), monthlyAmount: z.number() })),
      device: z.string().nullable(),
    }),
  })
  .openapi('InventoryItem');
const listInventory = createRoute({
  method: 'get',
  path: '/api/v1/inventory',
  tags: ['Account'],
  summary: "What the tenant's contract includes: servers, dedicated devices, domains, certificates, add-ons, with renewal dates",
  security: [{ embedToken: [] }],
  responses: {
    200: doc(
      z.object({
        data: z.array(inventoryItem),
        meta: z.object({
          unavailable: z.array(z.string()).openapi({
            description:
              'Sources whose server details could not be loaded: for a customer the name the provider gives the service (`GLASSPANE_PROVIDER_NAMES`) or what it is ("Server platform"), for staff the plugin id.',
          }),
        }),
      }),
      'The inventory',
    ),
    ...errorResponses(401),
  },
});

const bookEntry = z
  .object({
    type: z.literal('account-book-entries'),
    id: z.string().openapi({ description: 'The tenant.' }),
    attributes: z.object({
      name: z.string(),
      urgency: z.enum(['critical', 'warning', 'calm']).openapi({ description: 'The most severe hint, or calm without any.' }),
      hints: z.array(hintSchema),
      unavailable: z.array(z.object({ source: z.string(), detail: z.string() })),
    }),
  })
  .openapi('AccountBookEntry');
const accountBook = createRoute({
  method: 'get',
  path: '/api/v1/account-book',
  tags: ['Account'],
  summary: "The account manager's book (operator role: it spans tenants): every account with its hints, most urgent first",
  description:
    "The calendar's hints as of now for every tenant (backups stopped, overdue invoices, ticket surges, expiring certificates, renewals due, usage at its limit), each with its numbers and a link to the evidence. Backup hints read the protection feature's measurement wherever it has one, the same fact the customer's view shows. Accounts with more critical, then more warning hints come first.",
  security: [{ embedToken: [] }],
  request: {
    query: z.object({
      timeZone: z
        .string()
        .max(64)
        .default('UTC')
        .openapi({ description: 'IANA time zone for "today" and the month.', example: 'Europe/Berlin' }),
    }),
  },
  responses: { 200: doc(z.object({ data: z.array(bookEntry) }), 'The book'), ...errorResponses(400, 401, 403) },
});

export function accountRoutes(
  app: OpenAPIHono<HostEnv>,
  auth: AuthConfig,
  deps: Pick<HostServices, 'compute' | 'db' | 'events' | 'now' | 'orders' | 'tenants'>,
) {
  app.use('/api/v1/account-events', requireToken(auth, { roles: ['staff'] }));
  app.use('/api/v1/inventory', requireToken(auth));
  // Every account at once: beyond one tenant, so not for a `staff` token (which acts within its
  // tenant) but for the `operator` role, the provider's own people who see across tenants.
  app.use('/api/v1/account-book', requireToken(auth, { roles: ['operator'] }));

  app.openapi(accountBook, async (c) => {
    const { timeZone } = c.req.valid('query');
    if (!isTimeZone(timeZone))
      throw new ApiError(400, errorMessage('invalid.time_zone', { zone: timeZone }), { source: { parameter: 'timeZone' } });
    const book = await deps.events.book(timeZone);
    return c.json(
      {
        data: book.map((e) => ({
          type: 'account-book-entries' as const,
          id: e.tenant,
          attributes: {
            name: e.name,
            urgency: e.hints.some((h) => h.severity === 'critical')
              ? ('critical' as const)
              : e.hints.length
                ? ('warning' as const)
                : ('calm' as const),
            hints: e.hints,
            unavailable: e.unavailable,
          },
        })),
      },
      200,
    );
  });

  app.openapi(listEvents, async (c) => {
    const q = c.req.valid('query');
    if (!isTimeZone(q.timeZone))
      throw new ApiError(400, errorMessage('invalid.time_zone', { zone: q.timeZone }), { source: { parameter: 'timeZone' } });
    const span = daysBetween(q.start, q.end);
    if (span < 1 || span > 62) throw new ApiError(400, errorMessage('invalid.calendar_range'), { source: { parameter: 'end' } });
    const month = await deps.events.month(c.get('auth').tenant, q);
    return c.json(
      {
        data: month.events.map(({ id, ...attributes }) => ({ type: 'account-events' as const, id, attributes })),
        meta: { days: month.days as Record<string, Record<string, number>>, hints: month.hints, unavailable: month.unavailable },
      },
      200,
    );
  });

  app.openapi(listInventory, async (c) => {
    const { orders, compute, now } = deps;
    const result = await inventory(c.get('auth').tenant, { catalog: orders.catalog, compute, now });
    return c.json(
      {
        data: result.items.map(({ serviceId, ...attributes }) => ({ type: 'inventory-items' as const, id: serviceId, attributes })),
        meta: { unavailable: result.unavailable },
      },
      200,
    );
  });
}
