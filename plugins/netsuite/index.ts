import { z } from 'zod';
import { definePlugin, type Env, BillingProviderToken, SharedSlots, SupportProviderToken, TicketStatus, Urgency } from '@glasspane/host';
import { NetSuiteBillingProvider } from './billing.js';
import { NetSuiteClient, PLUGIN_ID, perTenant } from './client.js';
import { DEFAULT_CASE_MAPPING, NetSuiteSupportProvider, type CaseMapping } from './support.js';

export { NetSuiteBillingProvider, paymentExternalId, chargeExternalId } from './billing.js';
export { NetSuiteSupportProvider, DEFAULT_CASE_MAPPING, type CaseMapping } from './support.js';
export { NetSuiteClient, NetSuiteError, accountSlug, restBaseUrl, type NetSuiteClientOptions } from './client.js';
export { toMinor, toDecimal, currencyExponent, invoiceStatus } from './mapper.js';
export { authorizationHeader, signatureBaseString, sign } from './oauth.js';

const TENANT = /^[a-z0-9][a-z0-9_-]*$/i;

/**
 * Reads `NETSUITE_CUSTOMER_IDS` (`globex=108,acme=107`): which NetSuite customer each
 * tenant is. Throws with the offending part named.
 *
 * @example
 * ```ts
 * parseCustomerIds('globex=108, acme=107'); // { globex: '108', acme: '107' }
 * ```
 */
export function parseCustomerIds(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!value.trim()) return out;
  for (const part of value.split(',')) {
    const pair = /^\s*([^=\s]+)\s*=\s*(\S+)\s*$/.exec(part);
    if (!pair || !TENANT.test(pair[1]!) || !/^\d{1,15}$/.test(pair[2]!)) {
      throw new Error(`"${part.trim()}" is not tenant=customerId with a numeric NetSuite internal id; write e.g. "globex=108,acme=107".`);
    }
    if (pair[1]! in out) throw new Error(`tenant "${pair[1]}" is mapped twice.`);
    out[pair[1]!] = pair[2]!;
  }
  return out;
}

/** The tenant map: `NETSUITE_CUSTOMER_IDS` text or, from code, an object. */
const customerIds = z.preprocess(
  (value, ctx) => {
    if (typeof value !== 'string') return value;
    try {
      return parseCustomerIds(value);
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: (err as Error).message, input: value });
      return z.NEVER;
    }
  },
  z.record(
    z.string().regex(TENANT, 'tenant ids are letters, digits, "-" and "_"'),
    z.string().regex(/^\d{1,15}$/, 'NetSuite customer ids are digits'),
  ),
);

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'an IANA time zone such as "Europe/Berlin"');

/** A boolean from code, or `true`/`false` (`1`/`0`, `yes`/`no`, `on`/`off`) from the environment. */
const flag = z.union([z.boolean(), z.stringbool()]);

const urgency = z.enum(Object.values(Urgency) as [Urgency, ...Urgency[]]);
const ticketStatus = z.enum(Object.values(TicketStatus) as [TicketStatus, ...TicketStatus[]]);
const internalId = z.string().regex(/^-?\d+$/, 'a NetSuite internal id');

/** The plugin's configuration; `fromEnv` fills it from the documented variables. */
export const netsuiteConfig = z.object({
  /** `1234567` or `1234567_SB1` (sandbox): the OAuth realm and, lower-cased, the host name. */
  accountId: z.string().regex(/^[A-Za-z0-9]+(_[A-Za-z0-9]+)*$/, 'the account id as NetSuite shows it, e.g. 1234567 or 1234567_SB1'),
  baseUrl: z.url().optional(),
  consumerKey: z.string().min(1, 'NETSUITE_CONSUMER_KEY is required'),
  consumerSecret: z.string().min(1, 'NETSUITE_CONSUMER_SECRET is required'),
  tokenId: z.string().min(1, 'NETSUITE_TOKEN_ID is required'),
  tokenSecret: z.string().min(1, 'NETSUITE_TOKEN_SECRET is required'),
  /** tenant → NetSuite customer internal id. */
  customerIds: customerIds.default({}),
  timeoutMs: z.number().int().min(100).max(300_000).default(20_000),
  maxConcurrency: z.number().int().min(1).max(100).default(5),
  // Calls one tenant may have waiting for the account's concurrency; past it they fail fast (503 provider_busy).
  maxQueuedPerTenant: z.number().int().min(1).max(10_000).default(50),
  /** The integration user's NetSuite time zone: SuiteQL date-times and "today" are in it. */
  timeZone: timeZone.default('UTC'),
  /** The sale item one-off charges (plan changes) are invoiced as; unset: staff bill them by hand. */
  chargeItemId: internalId.optional(),
  /** Bank account payments are deposited to; unset: Undeposited Funds. */
  depositAccountId: internalId.optional(),
  /** Payment method payments are recorded with. */
  paymentMethodId: internalId.optional(),
  /** A tenant's customer includes its sub-customers (their invoices are listed and paid); default true. */
  includeSubcustomers: flag.default(true),
  /** The account has Consolidated Payments: the tenant's customer pays its sub-customers' invoices in one payment. */
  consolidatedPayments: flag.default(false),
  /** Case priorities, statuses and the urgency field of this account (defaults: DEFAULT_CASE_MAPPING). */
  support: z
    .object({
      priorityIds: z.partialRecord(urgency, internalId),
      urgencyByPriority: z.record(z.string(), urgency),
      statusIds: z.partialRecord(ticketStatus, internalId),
      statusById: z.record(z.string(), ticketStatus),
      urgencyField: z
        .string()
        .regex(/^custevent[a-z0-9_]+$/, 'a case custom field id such as custevent_gp_urgency')
        .nullable(),
      reopenedStatusId: internalId.nullable(),
    })
    .partial()
    .default({}),
});

/** The validated configuration `register` receives. */
export type NetSuiteConfig = z.infer<typeof netsuiteConfig>;

/**
 * The NetSuite customer internal id of a tenant, or `undefined` when it has none.
 *
 * @example
 * ```ts
 * customerFor(config, 'globex'); // '108'
 * ```
 */
export function customerFor(config: Pick<NetSuiteConfig, 'customerIds'>, tenant: string): string | undefined {
  return Object.hasOwn(config.customerIds, tenant) ? config.customerIds[tenant] : undefined;
}

/** The account's case mapping: each table given in the configuration amends the default one. */
export function caseMapping(overrides: NetSuiteConfig['support']): CaseMapping {
  const d = DEFAULT_CASE_MAPPING;
  return {
    priorityIds: { ...d.priorityIds, ...overrides.priorityIds },
    urgencyByPriority: { ...d.urgencyByPriority, ...overrides.urgencyByPriority },
    statusIds: { ...d.statusIds, ...overrides.statusIds },
    statusById: { ...d.statusById, ...overrides.statusById },
    urgencyField: overrides.urgencyField === undefined ? d.urgencyField : overrides.urgencyField,
    reopenedStatusId: overrides.reopenedStatusId === undefined ? d.reopenedStatusId : overrides.reopenedStatusId,
  };
}

const orUndefined = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());

/**
 * NetSuite (SuiteTalk REST, token-based authentication) as the BillingProvider (invoices,
 * customerPayments) and the SupportProvider (support cases and their messages), both on one
 * client so they share the account's concurrency limit.
 *
 * Configure with `NETSUITE_ACCOUNT_ID`, `NETSUITE_CONSUMER_KEY`, `NETSUITE_CONSUMER_SECRET`,
 * `NETSUITE_TOKEN_ID`, `NETSUITE_TOKEN_SECRET`, `NETSUITE_CUSTOMER_IDS` and optionally
 * `NETSUITE_BASE_URL`, `NETSUITE_TIME_ZONE`, `NETSUITE_CHARGE_ITEM_ID`, `NETSUITE_DEPOSIT_ACCOUNT_ID`,
 * `NETSUITE_PAYMENT_METHOD_ID`, `NETSUITE_INCLUDE_SUBCUSTOMERS` and `NETSUITE_CONSOLIDATED_PAYMENTS`.
 */
export default definePlugin<NetSuiteConfig, 'database'>({
  id: PLUGIN_ID,
  provides: ['BillingProvider', 'SupportProvider'],
  // The account's concurrency slots live in the host's database, shared by its processes.
  needs: ['database'],
  config: netsuiteConfig,
  fromEnv: (env: Env) => ({
    accountId: env.NETSUITE_ACCOUNT_ID,
    baseUrl: orUndefined(env.NETSUITE_BASE_URL),
    consumerKey: env.NETSUITE_CONSUMER_KEY,
    consumerSecret: env.NETSUITE_CONSUMER_SECRET,
    tokenId: env.NETSUITE_TOKEN_ID,
    tokenSecret: env.NETSUITE_TOKEN_SECRET,
    customerIds: orUndefined(env.NETSUITE_CUSTOMER_IDS),
    timeZone: orUndefined(env.NETSUITE_TIME_ZONE),
    chargeItemId: orUndefined(env.NETSUITE_CHARGE_ITEM_ID),
    depositAccountId: orUndefined(env.NETSUITE_DEPOSIT_ACCOUNT_ID),
    paymentMethodId: orUndefined(env.NETSUITE_PAYMENT_METHOD_ID),
    includeSubcustomers: orUndefined(env.NETSUITE_INCLUDE_SUBCUSTOMERS),
    consolidatedPayments: orUndefined(env.NETSUITE_CONSOLIDATED_PAYMENTS),
  }),
  register({ container, config, services }) {
    const sharedSlots = new SharedSlots(services.database, { max: config.maxConcurrency, pluginId: PLUGIN_ID, providerName: 'NetSuite' });
    const client = new NetSuiteClient({ ...config, sharedSlots });
    const { timeZone, customerIds, chargeItemId, depositAccountId, paymentMethodId, includeSubcustomers, consolidatedPayments } = config;
    const billing = new NetSuiteBillingProvider(client, {
      ...{ timeZone, customerIds, chargeItemId, depositAccountId, paymentMethodId },
      ...{ includeSubcustomers, consolidatedPayments },
    });
    container.register(BillingProviderToken, { useValue: perTenant(billing) });
    container.register(SupportProviderToken, {
      useValue: perTenant(new NetSuiteSupportProvider(client, { timeZone, customerIds, mapping: caseMapping(config.support) })),
    });
  },
});
