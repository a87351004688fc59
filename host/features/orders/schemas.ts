import { z } from '@hono/zod-openapi';
import { idSchema, plainText } from '../../schemas.js';
import { ORDER_TYPES } from './revenue.js';
import { ORDER_STATES } from './states.js';
import { SERVICE_KINDS, type CatalogItem, type ServicePlan } from './catalog.js';
import type { Order } from './order-types.js';

/** The orders API's resources (JSON:API bodies and their OpenAPI components). */

export const money = z.number().int().openapi({ description: 'Minor units of `currency` (cents).' });
export const orderType = z.enum(ORDER_TYPES).openapi({ description: 'upgrade, downgrade, renewal, refresh (hardware) or addon.' });
export const revenueCode = z.enum(['expansion', 'contraction', 'renewal', 'refresh', 'add-on']);
export const reviewReason = z.enum(['type_mismatch', 'contraction', 'hardware', 'large_amount']);
export const serviceId = z.string().min(1).max(200);

export const catalogAttributes = z
  .object({
    product: z
      .union([idSchema, z.literal('*')])
      .openapi({ description: 'The product a plan belongs to; "*" for an add-on every product can take.' }),
    kind: z.enum(['plan', 'addon']),
    name: z.string().trim().min(1).max(200),
    description: z.string().max(1000).default(''),
    currency: z.string().regex(/^[A-Za-z]{3}$/, 'an ISO 4217 code such as EUR'),
    monthlyAmount: z.number().int().min(0).max(100_000_000),
    termMonths: z.number().int().min(1).max(60).default(12),
    capacity: z
      .object({
        vcpus: z.number().int().positive().nullable().default(null),
        ramMb: z.number().int().positive().nullable().default(null),
        diskGb: z.number().int().positive().nullable().default(null),
        bandwidthMbit: z.number().int().positive().nullable().default(null),
      })
      .prefault({}),
    hardware: z.boolean().default(false),
    rank: z.number().int().min(0).max(10_000).default(0),
    active: z.boolean().default(true),
    group: idSchema
      .nullable()
      .default(null)
      .openapi({ description: 'Add-ons of one group replace each other (for example the protection tiers, group "dr-protection").' }),
    flavors: z
      .record(idSchema, z.string().trim().min(1).max(200))
      .default({})
      .refine((f) => Object.keys(f).length <= 20, 'at most 20 compute sources')
      .openapi({
        description:
          'The provider flavor a virtual-server plan maps to, per compute source: `{ "openstack": "<flavorId>" }`. An upgrade or downgrade to the plan resizes the server to it.',
        example: { openstack: 'f-l' },
      }),
    translations: z
      .record(
        z.string().regex(/^[a-z]{2,3}$/, 'a language code such as de'),
        z.object({ name: z.string().trim().min(1).max(200).optional(), description: z.string().max(1000).optional() }),
      )
      .default({})
      .refine((t) => Object.keys(t).length <= 30, 'at most 30 languages')
      .openapi({
        description:
          "The name and description in other languages; answers name the item in the reader's language (`Accept-Language` or `lang`) and fall back to `name`/`description`.",
        example: { de: { name: 'Schutz Täglich', description: 'Tägliche Snapshots, 30 Tage aufbewahrt' } },
      }),
  })
  .openapi('CatalogItemAttributes');
export const catalogResource = z
  .object({ type: z.literal('catalog-items'), id: z.string(), attributes: catalogAttributes })
  .openapi('CatalogItem');
export const toCatalog = ({ id, ...attributes }: CatalogItem) => ({ type: 'catalog-items' as const, id, attributes });

export const servicePlanAttributes = z.object({
  serviceName: z.string().trim().min(1).max(200),
  planId: idSchema,
  monthlyAmount: money.min(0).optional().openapi({ description: "The contracted price; the plan's catalog price when omitted." }),
  addons: z
    .array(z.object({ id: idSchema, monthlyAmount: money.min(0) }))
    .max(50)
    .default([]),
  anchorDay: z.number().int().min(1).max(31).openapi({ description: 'Day of the month the service bills on.' }),
  startedOn: z.iso.date(),
  renewsOn: z.iso.date(),
  device: z.string().max(200).nullable().default(null),
  kind: z
    .enum(SERVICE_KINDS)
    .default('server')
    .openapi({ description: 'How the inventory shows it; a certificate or domain expires on `renewsOn`.' }),
});
/** The catalog item a service is on, inline with its id. Its own component, so `plan` can be it or null. */
const catalogPlan = catalogAttributes.extend({ id: z.string() }).openapi('CatalogPlan');
export const servicePlanResource = z
  .object({
    type: z.literal('service-plans'),
    id: z.string(),
    attributes: servicePlanAttributes.extend({ monthlyAmount: money, plan: z.union([catalogPlan, z.null()]) }),
  })
  .openapi('ServicePlan');
export const toServicePlan = ({ serviceId, ...rest }: ServicePlan, plan: CatalogItem | undefined) => ({
  type: 'service-plans' as const,
  id: serviceId,
  attributes: { ...rest, plan: plan ?? null },
});

export const lineSchema = z.object({
  kind: z.enum(['plan', 'addon']),
  itemId: z.string().nullable(),
  fromItemId: z.string().nullable(),
  description: z.string(),
  fromMonthly: money,
  toMonthly: money,
  code: revenueCode,
  mrrDelta: money,
  dueNow: money,
});
const providerAction = z
  .union([
    z.object({ kind: z.literal('resize'), source: z.string(), serverId: z.string(), flavorId: z.string(), reboot: z.literal(true) }),
    z.object({
      kind: z.literal('protect'),
      source: z.string(),
      serverId: z.string(),
      tierId: z.string(),
      everyMinutes: z.number().int(),
      retentionMinutes: z.number().int(),
    }),
  ])
  .nullable()
  .openapi({
    description:
      "What the order runs at the provider: a resize of the server to the flavor (which restarts it), or the DR tier's snapshot schedule set at the protection provider.",
  });
export const quoteAttributes = z
  .object({
    type: orderType,
    serviceId: z.string(),
    serviceName: z.string(),
    currency: z.string(),
    lines: z.array(lineSchema),
    dueNow: money,
    mrrDelta: money,
    period: z.object({ today: z.string(), start: z.string(), next: z.string(), days: z.number() }),
    effectiveOn: z.string(),
    reviewReasons: z.array(reviewReason),
    providerAction,
    term: z
      .object({ months: z.number().int(), monthly: money, total: money, startsOn: z.string(), endsOn: z.string() })
      .nullable()
      .openapi({ description: "A renewal's new term at the plan's price: from the day after the current term ends." }),
  })
  .openapi('OrderQuoteAttributes');
export const orderAttributes = z
  .object({
    number: z.string(),
    type: orderType,
    requestedType: orderType,
    state: z.enum(ORDER_STATES),
    serviceId: z.string(),
    serviceName: z.string(),
    currency: z.string(),
    lines: z.array(lineSchema),
    dueNow: money,
    mrrDelta: money,
    reviewReasons: z.array(reviewReason),
    note: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    customerAction: z.enum(['attest_wipe', 'ship_device']).nullable(),
    deviceReturn: z
      .object({
        device: z.string(),
        carrier: z.string(),
        trackingNumber: z.string(),
        createdAt: z.string(),
        attestedAt: z.string().nullable(),
        attestedBy: z.string().nullable(),
        attestation: z.string().nullable(),
        receivedAt: z.string().nullable(),
      })
      .nullable(),
    delivery: z
      .object({
        model: z.string(),
        carrier: z.string().nullable(),
        trackingNumber: z.string().nullable(),
        shippedAt: z.string().nullable(),
        deliveredAt: z.string().nullable(),
        deliveredBy: z.string().nullable(),
      })
      .nullable()
      .openapi({ description: "A hardware refresh's new device on its way; the contract moves to it when delivered." }),
    providerAction,
    acceptReboot: z.boolean(),
    window: z.enum(['now', 'tonight']).nullable(),
    effective: z.enum(['now', 'period_end']).nullable(),
    scheduledFor: z.string().nullable().openapi({ description: 'When the approved order runs; null: at once.' }),
    period: z
      .object({ start: z.string(), end: z.string() })
      .nullable()
      .openapi({ description: 'The period `dueNow` covers (end exclusive).' }),
    failureReason: z.string().nullable().openapi({
      description:
        "Why the order failed (nothing was billed): the host's own reasons in the reader's language, a provider's as it gave them.",
    }),
    chargeInvoiceId: z.string().nullable().openapi({ description: "The billing provider's invoice carrying `dueNow`." }),
    history: z.array(
      z.object({
        at: z.string(),
        actor: z.string(),
        kind: z.string(),
        from: z.string().nullable(),
        to: z.string().nullable(),
        detail: z.record(z.string(), z.unknown()).openapi({
          description:
            "What the step carried. A `reason` (why it failed) is in the reader's language when the words are the host's, a provider's as it gave them.",
        }),
      }),
    ),
  })
  .openapi('OrderAttributes');
export const orderResource = z
  .object({ type: z.literal('orders'), id: z.string(), attributes: orderAttributes, links: z.object({ label: z.string() }).optional() })
  .openapi('Order');
export const toOrder = ({ id, ...attributes }: Order) => ({
  type: 'orders' as const,
  id,
  attributes,
  ...(attributes.deviceReturn ? { links: { label: `/api/v1/orders/${encodeURIComponent(id)}/label.pdf` } } : {}),
});

export const orderInput = z.object({
  type: orderType,
  serviceId,
  planId: idSchema.optional(),
  addonIds: z.array(idSchema).max(20).optional(),
  note: plainText(2000).optional(),
  acceptReboot: z.boolean().optional().openapi({
    description:
      'The customer agrees to the restart a resize needs; required (true) when the order resizes a server (see `providerAction` in the quote).',
  }),
  window: z
    .enum(['now', 'tonight'])
    .optional()
    .openapi({ description: 'When a resize runs: now (default) or tonight at 02:00 in the billing time zone.' }),
  effective: z.enum(['now', 'period_end']).optional().openapi({
    description: 'A downgrade takes effect at the end of the paid period (default, nothing credited) or now (the unused part credited).',
  }),
});
