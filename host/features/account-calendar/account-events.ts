import { createHash } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { readJson, writeJson } from '../../db/json.js';
import { anchorAfter, dateIn, startOfDayIn } from '../../dates.js';
import type { EventSource } from '../../ports/event-source.js';
import { METRICS, type Metric } from '../../ports/metrics-provider.js';
import { BILLING_TOPIC, type BillingService } from '../billing/billing-service.js';
import type { ComputeService, TenantServer } from '../servers/compute-service.js';
import type { MaintenanceService } from '../status/maintenance-service.js';
import { TICKETS_TOPIC, type SupportService } from '../support/support-service.js';
import type { UsageService } from '../usage/usage-service.js';
import type { CatalogService } from '../orders/catalog.js';
import { ORDERS_TOPIC } from '../orders/order-service.js';
import type { EventBus } from '../../ports/event-bus.js';
import { HIGH_SHARE, LIMIT_SHARE } from '../usage/stats.js';
import {
  alertsAboveBaseline,
  backupsStopped,
  certificatesExpiring,
  invoicesOverdue,
  protectionBackupsStopped,
  renewalsDue,
  ticketSurge,
  usageAtLimit,
  type Hint,
} from './hints.js';
import type { ProtectionService, ServerProtection } from '../protection/protection-service.js';

/** The calendar's icons: a ticket, a red lamp, a tape, a lock, a globe, a wrench, a server, a cart, a coin. */
export const EVENT_TYPES = ['ticket', 'alert', 'backup', 'ssl', 'domain', 'maintenance', 'server', 'order', 'payment'] as const;
export type AccountEventType = (typeof EVENT_TYPES)[number];

export interface AccountEvent {
  id: string;
  type: AccountEventType;
  at: string;
  title: string;
  severity: 'info' | 'warning' | 'critical';
  /** Where a click goes; the portal decides how to route it. */
  link: { kind: string; id: string };
  /** What the title says as a message key and data, for a client to word in its reader's language. */
  message?: EventMessage;
  detail: Record<string, unknown>;
}

type NewEvent = Omit<AccountEvent, 'id'> & { sourceKey: string };

/**
 * What an event's title says, as a message key and its data (`detail.message`): the element
 * words it in the reader's language; `title` stays the English wording for API clients.
 */
export interface EventMessage {
  key:
    | 'order'
    | 'payment_received'
    | 'payment_failed'
    | 'certificate_bought'
    | 'domain_bought'
    | 'usage_at_limit'
    | 'server_created'
    | 'server_birthday';
  params: Record<string, string | number>;
}
const message = (key: EventMessage['key'], params: EventMessage['params']): EventMessage => ({ key, params });

export interface AccountMonth {
  events: AccountEvent[];
  /** Per calendar day in the requested zone: how many events of each type. */
  days: Record<string, Partial<Record<AccountEventType, number>>>;
  hints: Hint[];
  /** Sources that did not answer this time; their events may be missing. */
  unavailable: { source: string; detail: string }[];
}

/**
 * Changes that are calendar events (a ticket, an order, a payment). The calendar refetches
 * when one arrives on its stream, so the gathering it prompts must not be skipped as "done a
 * moment ago".
 */
const GATHER_AGAIN_ON = new Set([TICKETS_TOPIC, ORDERS_TOPIC, BILLING_TOPIC]);

const DAY = 86_400_000;
/** Hints look back this far: three months of baseline before the month shown. */
const LOOKBACK_MS = 100 * DAY;

/**
 * Everything notable that happened on a customer's account, in SQL: tickets, monitoring
 * alerts (usage at its limit, provider alarms), backups, certificate and domain purchases,
 * maintenance that touched the tenant's services, servers' creation days and birthdays,
 * orders and payments. Events are gathered from every source on demand (at most once a
 * minute per tenant) and on a schedule, recorded once however often they are seen.
 */
export class AccountEventService {
  readonly #synced = new Map<string, { at: number; since: number }>();

  constructor(
    private readonly db: Db,
    private readonly deps: {
      compute: ComputeService;
      usage: UsageService;
      support: SupportService;
      billing: BillingService;
      maintenances: MaintenanceService;
      catalog: CatalogService;
      eventSources: readonly EventSource[];
      /** Where tickets, orders and payments are announced (see GATHER_AGAIN_ON). */
      bus?: EventBus;
      /** What the customer's dr-protection view measures: the backup facts of the servers it covers. */
      protection?: ProtectionService;
    },
    private readonly now: () => Date,
  ) {
    deps.bus?.subscribe((event) => {
      if (GATHER_AGAIN_ON.has(event.topic)) this.#synced.delete(event.tenant);
    });
  }

  /** The events of `[start, end)` (calendar dates in `timeZone`), grouped by day, with the month's hints. */
  async month(tenant: string, range: { start: string; end: string; timeZone: string }): Promise<AccountMonth> {
    const from = startOfDayIn(range.start, range.timeZone);
    const to = startOfDayIn(range.end, range.timeZone);
    const unavailable = await this.sync(
      tenant,
      new Date(from.getTime() - LOOKBACK_MS),
      new Date(Math.min(to.getTime(), this.now().getTime())),
    );
    const rows = await this.db
      .selectFrom('account_events')
      .selectAll()
      .where('tenant_id', '=', tenant)
      .where('at', '>=', from.toISOString())
      .where('at', '<', to.toISOString())
      .orderBy('at')
      .execute();
    const events = rows.map(toEvent);
    const days: AccountMonth['days'] = {};
    for (const e of events) {
      const day = (days[dateIn(new Date(e.at), range.timeZone)] ??= {});
      day[e.type] = (day[e.type] ?? 0) + 1;
    }
    const asOf = new Date(Math.min(to.getTime() - 1, this.now().getTime()));
    return { events, days, hints: await this.hints(tenant, from, asOf, range.timeZone, unavailable), unavailable };
  }

  /** One gathering round over every tenant, for the last two months. */
  async syncAll(): Promise<void> {
    const tenants = await this.db.selectFrom('tenants').select('id').execute();
    const until = this.now();
    for (const t of tenants) await this.sync(t.id, new Date(until.getTime() - 62 * DAY), until, { force: true }).catch(() => undefined);
  }

  /** Records events once: the same source event seen again (another sync, another process) is kept once. */
  async record(tenant: string, events: NewEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i += 200) {
      const values = events.slice(i, i + 200).map((e) => ({
        id: createHash('sha256').update(`${tenant}\u0000${e.type}\u0000${e.sourceKey}`).digest('base64url').slice(0, 22),
        tenant_id: tenant,
        type: e.type,
        source_key: e.sourceKey.slice(0, 300),
        at: e.at,
        title: e.title.slice(0, 300),
        severity: e.severity,
        link_kind: e.link.kind,
        link_id: e.link.id,
        detail: writeJson(e.detail),
      }));
      if (values.length)
        await this.db
          .insertInto('account_events')
          .values(values)
          .onConflict((oc) => oc.doNothing())
          .execute();
    }
  }

  /**
   * Gathers events of `[since, until)` from every source. A source that fails costs its own
   * events this time, never the others'; it is named in the answer.
   */
  async sync(tenant: string, since: Date, until: Date, options: { force?: boolean } = {}): Promise<{ source: string; detail: string }[]> {
    const last = this.#synced.get(tenant);
    if (!options.force && last && this.now().getTime() - last.at < 60_000 && last.since <= since.getTime()) return [];
    const unavailable: { source: string; detail: string }[] = [];
    const attempt = async (source: string, work: () => Promise<NewEvent[]>) => {
      try {
        await this.record(tenant, await work());
      } catch (err) {
        unavailable.push({ source, detail: err instanceof Error ? err.message : String(err) });
      }
    };
    const inRange = (at: string) => at >= since.toISOString() && at <= until.toISOString();
    let servers: TenantServer[] = [];
    await attempt('compute', async () => {
      const list = await this.deps.compute.listServers(tenant);
      servers = list.items;
      for (const u of list.unavailable) unavailable.push({ source: u.source, detail: u.detail });
      return servers.flatMap((s) => serverEvents(s, since, until));
    });
    await attempt('support', async () =>
      (await this.deps.support.listTickets(tenant))
        .filter((t) => inRange(t.createdAt))
        .map((t) => ({
          type: 'ticket' as const,
          sourceKey: t.id,
          at: t.createdAt,
          title: `${t.number}: ${t.subject}`,
          severity:
            t.urgency === 'blocker' || t.urgency === 'critical'
              ? ('critical' as const)
              : t.urgency === 'major'
                ? ('warning' as const)
                : ('info' as const),
          link: { kind: 'ticket', id: t.id },
          detail: { number: t.number, urgency: t.urgency, status: t.status },
        })),
    );
    await attempt('status', async () =>
      (await this.deps.maintenances.listForTenant(tenant)).items
        .filter((m) => !m.attributes.platformWide)
        .map((m) => {
          const a = m.attributes;
          const incident = a.kind === 'incident';
          return {
            type: incident ? ('alert' as const) : ('maintenance' as const),
            sourceKey: m.id,
            at: a.scheduledFor ?? a.startedAt ?? a.updatedAt,
            title: a.title,
            severity: incident
              ? a.impact === 'critical' || a.impact === 'major'
                ? ('critical' as const)
                : ('warning' as const)
              : ('info' as const),
            link: { kind: 'maintenance', id: m.id },
            detail: { services: a.affectedServices.map((s) => s.name), impact: a.impact },
          };
        })
        .filter((e) => inRange(e.at)),
    );
    await attempt('orders', async () => {
      const rows = await this.db
        .selectFrom('orders')
        .select(['id', 'number', 'type', 'service_name', 'created_at', 'state'])
        .where('tenant_id', '=', tenant)
        .where('created_at', '>=', since.toISOString())
        .execute();
      return rows.map((o) => ({
        type: 'order' as const,
        sourceKey: o.id,
        at: o.created_at,
        title: `${o.number}: ${o.type} of ${o.service_name}`,
        severity: 'info' as const,
        link: { kind: 'order', id: o.id },
        detail: {
          number: o.number,
          state: o.state,
          message: message('order', { number: o.number, orderType: o.type, service: o.service_name }),
        },
      }));
    });
    await attempt('payments', async () => {
      const rows = await this.db
        .selectFrom('payments')
        .select(['id', 'amount', 'currency', 'status', 'created_at'])
        .where('tenant_id', '=', tenant)
        .where('created_at', '>=', since.toISOString())
        .execute();
      return rows.map((p) => ({
        type: 'payment' as const,
        sourceKey: p.id,
        at: p.created_at,
        title: p.status === 'succeeded' ? 'Payment received' : 'Payment failed',
        severity: p.status === 'succeeded' ? ('info' as const) : ('warning' as const),
        link: { kind: 'payment', id: p.id },
        detail: {
          amount: Number(p.amount),
          currency: p.currency,
          status: p.status,
          message: message(p.status === 'succeeded' ? 'payment_received' : 'payment_failed', {}),
        },
      }));
    });
    await attempt('inventory', async () => {
      const plans = await this.deps.catalog.servicePlans(tenant);
      return plans
        .filter((p) => (p.kind === 'certificate' || p.kind === 'domain') && inRange(`${p.startedOn}T00:00:00.000Z`))
        .map((p) => ({
          type: p.kind === 'certificate' ? ('ssl' as const) : ('domain' as const),
          sourceKey: `${p.serviceId}:${p.startedOn}`,
          at: `${p.startedOn}T09:00:00.000Z`,
          title: `${p.kind === 'certificate' ? 'Certificate' : 'Domain'} ${p.serviceName} bought`,
          severity: 'info' as const,
          link: { kind: 'service', id: p.serviceId },
          detail: {
            renewsOn: p.renewsOn,
            message: message(p.kind === 'certificate' ? 'certificate_bought' : 'domain_bought', { name: p.serviceName }),
          },
        }));
    });
    const accounts = await this.deps.compute.accounts(tenant).catch(() => []);
    for (const source of this.deps.eventSources) {
      // A source that also runs the tenant's servers is asked per compute account (an OpenStack
      // project); any other (local, a backup service) is asked for the tenant by its id.
      const scopes = this.deps.compute.sources.includes(source.source)
        ? accounts.filter((a) => a.source === source.source).map((a) => a.scope)
        : [tenant];
      for (const scope of scopes) {
        await attempt(source.source, async () =>
          (await source.listEvents(scope, { since, until })).map((e) => ({
            type: e.type,
            sourceKey: `${source.source}:${e.id}`,
            at: e.at,
            title: e.title,
            severity: e.severity,
            link: { kind: e.serviceId ? 'service' : 'account', id: e.serviceId ?? tenant },
            detail: { source: source.source, ok: e.severity !== 'critical', serviceId: e.serviceId, serviceName: e.serviceName },
          })),
        );
      }
    }
    await attempt('usage', () => this.#limitAlerts(tenant, servers, since, until));
    this.#synced.set(tenant, { at: this.now().getTime(), since: since.getTime() });
    return unavailable;
  }

  /** Usage at its limit (98 % of capacity) as alerts: one per episode, which ends below 90 %. */
  async #limitAlerts(tenant: string, servers: TenantServer[], since: Date, until: Date): Promise<NewEvent[]> {
    const out: NewEvent[] = [];
    for (const server of servers) {
      const capacity = await this.deps.usage.capacity(tenant, server);
      for (const metric of METRICS) {
        const cap = capacity[metric as Metric];
        if (!cap) continue;
        const rows = await this.db
          .selectFrom('usage_samples')
          .select(['at', 'max'])
          .where('tenant_id', '=', tenant)
          .where('server_id', '=', server.id)
          .where('metric', '=', metric)
          .where('tier', '=', 2)
          .where('at', '>=', Math.floor(since.getTime() / 1000))
          .where('at', '<=', Math.floor(until.getTime() / 1000))
          .orderBy('at')
          .execute();
        let atLimit = false;
        for (const r of rows) {
          const max = Number(r.max);
          if (!atLimit && max >= LIMIT_SHARE * cap) {
            atLimit = true;
            out.push({
              type: 'alert',
              sourceKey: `usage:${server.id}:${metric}:${r.at}`,
              at: new Date(Number(r.at) * 1000).toISOString(),
              title: `${metric === 'cpu' ? 'CPU' : metric[0]!.toUpperCase() + metric.slice(1)} at its limit on ${server.name}`,
              severity: 'warning',
              link: { kind: 'server', id: server.id },
              detail: {
                metric,
                capacity: cap,
                peak: max,
                serverName: server.name,
                message: message('usage_at_limit', { metric, server: server.name }),
              },
            });
          } else if (atLimit && max < HIGH_SHARE * cap) {
            atLimit = false;
          }
        }
      }
    }
    return out;
  }

  /** The hints as of `asOf` (the end of the month shown, or now). */
  async hints(
    tenant: string,
    monthStart: Date,
    asOf: Date,
    timeZone: string,
    unavailable: { source: string; detail: string }[] = [],
  ): Promise<Hint[]> {
    const events = await this.db
      .selectFrom('account_events')
      .select(['type', 'at', 'severity', 'link_id', 'source_key', 'title', 'detail'])
      .where('tenant_id', '=', tenant)
      .where('type', 'in', ['backup', 'alert', 'ticket'])
      .where('at', '>=', new Date(monthStart.getTime() - LOOKBACK_MS).toISOString())
      .where('at', '<=', asOf.toISOString())
      .execute();
    const monthKey = (d: Date) => dateIn(d, timeZone).slice(0, 7);
    const thisMonth = monthKey(monthStart);
    const current = monthKey(this.now()) === thisMonth;

    // Backups: for every server the protection feature measures now, its measurement is the
    // fact (what the customer's dr-protection view shows); reported backup runs speak only
    // for the rest, and for past months, which no measurement covers.
    const measured = current ? await this.#protectionFacts(tenant, unavailable) : new Map<string, ServerProtection>();
    const backups = events
      .filter((e) => e.type === 'backup' && !measured.has(e.link_id))
      .map((e) => ({
        at: new Date(e.at),
        ok: e.severity !== 'critical',
        serviceId: e.link_id,
        serviceName: readJson<{ serviceName?: string }>(e.detail, {}).serviceName ?? e.link_id,
      }));
    const snapshots = [...measured.values()]
      .filter((m) => !m.tier)
      .flatMap((m) =>
        m.snapshots.map((s) => ({ at: new Date(s.takenAt), ok: s.good && !s.pending, serviceId: m.serverId, serviceName: m.serverName })),
      );
    const hints = [
      ...backupsStopped([...backups, ...snapshots], asOf),
      ...protectionBackupsStopped(
        [...measured.values()].map((m) => ({
          serverId: m.serverId,
          serverName: m.serverName,
          tier: m.tier,
          lastGoodSnapshotAt: m.recovery.lastGoodSnapshotAt,
          snapshotAgeMinutes: m.recovery.snapshotAgeMinutes,
          late: m.recovery.reasons.includes('snapshot_late'),
        })),
      ),
    ];

    // Monitoring existed before a baseline month when the tenant has usage samples from before it.
    const first = await this.db
      .selectFrom('usage_samples')
      .select((eb) => eb.fn.min('at').as('first'))
      .where('tenant_id', '=', tenant)
      .executeTakeFirst();
    const firstSample = first?.first == null ? Infinity : Number(first.first) * 1000;
    const previous: number[] = [];
    for (let back = 1; back <= 3; back++) {
      // The month `back` before, by its calendar date: its first instant in the zone.
      const first = anchorAfter(`${thisMonth}-01`, -back, 1);
      const start = startOfDayIn(first, timeZone);
      const key = first.slice(0, 7);
      if (firstSample > start.getTime()) break;
      previous.push(events.filter((e) => e.type === 'alert' && monthKey(new Date(e.at)) === key).length);
    }
    hints.push(...alertsAboveBaseline(events.filter((e) => e.type === 'alert' && monthKey(new Date(e.at)) === thisMonth).length, previous));
    hints.push(
      ...ticketSurge(
        events.filter((e) => e.type === 'ticket').map((e) => new Date(e.at)),
        asOf,
      ),
    );

    // Invoices and certificates are today's state: shown for the month that contains today.
    const today = dateIn(this.now(), timeZone);
    if (monthKey(this.now()) === thisMonth) {
      try {
        hints.push(...invoicesOverdue(await this.deps.billing.listInvoices(tenant), today));
      } catch (err) {
        unavailable.push({ source: 'billing', detail: err instanceof Error ? err.message : String(err) });
      }
      const plans = await this.deps.catalog.servicePlans(tenant);
      hints.push(
        ...certificatesExpiring(
          plans
            .filter((p) => p.kind === 'certificate')
            .map((p) => ({ serviceId: p.serviceId, name: p.serviceName, expiresOn: p.renewsOn })),
          today,
        ),
      );
      hints.push(
        ...renewalsDue(
          plans.map((p) => ({ serviceId: p.serviceId, name: p.serviceName, kind: p.kind, renewsOn: p.renewsOn })),
          today,
        ),
      );
      const limits = events.filter((e) => e.type === 'alert' && e.source_key.startsWith('usage:'));
      hints.push(
        ...usageAtLimit(
          limits.map((e) => {
            const detail = readJson<{ metric?: string; serverName?: string }>(e.detail, {});
            return {
              at: new Date(e.at),
              serverId: e.link_id,
              serverName: detail.serverName ?? e.link_id,
              metric: detail.metric ?? 'cpu',
              title: e.title,
            };
          }),
          asOf,
        ),
      );
    }
    return hints;
  }

  /** The servers the protection feature measured this time (the storage answered), by id. */
  async #protectionFacts(tenant: string, unavailable: { source: string; detail: string }[]): Promise<Map<string, ServerProtection>> {
    const measured = new Map<string, ServerProtection>();
    if (!this.deps.protection?.source) return measured;
    try {
      for (const item of (await this.deps.protection.overview(tenant)).items)
        if (!item.error && (item.tier || item.snapshots.length)) measured.set(item.serverId, item);
    } catch (err) {
      unavailable.push({ source: 'protection', detail: err instanceof Error ? err.message : String(err) });
    }
    return measured;
  }

  /**
   * The account manager's book: every account with its hints as of now (the calendar's own
   * rules, over the same facts), most urgent first: most critical hints, then most warnings.
   */
  async book(
    timeZone: string,
  ): Promise<{ tenant: string; name: string; hints: Hint[]; unavailable: { source: string; detail: string }[] }[]> {
    const now = this.now();
    const monthStart = startOfDayIn(`${dateIn(now, timeZone).slice(0, 7)}-01`, timeZone);
    const tenants = await this.db.selectFrom('tenants').select(['id', 'name']).orderBy('name').execute();
    const book: { tenant: string; name: string; hints: Hint[]; unavailable: { source: string; detail: string }[] }[] = [];
    for (const t of tenants) {
      const unavailable = await this.sync(t.id, new Date(monthStart.getTime() - LOOKBACK_MS), now);
      const hints = await this.hints(t.id, monthStart, now, timeZone, unavailable);
      hints.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'critical' ? -1 : 1));
      book.push({ tenant: t.id, name: t.name, hints, unavailable });
    }
    const count = (e: (typeof book)[number], s: Hint['severity']) => e.hints.filter((h) => h.severity === s).length;
    return book.sort(
      (a, b) => count(b, 'critical') - count(a, 'critical') || count(b, 'warning') - count(a, 'warning') || a.name.localeCompare(b.name),
    );
  }
}

/** A server's creation and each birthday since, inside the range. */
function serverEvents(s: TenantServer, since: Date, until: Date): NewEvent[] {
  if (!s.createdAt) return [];
  const created = new Date(s.createdAt);
  const out: NewEvent[] = [];
  if (created >= since && created < until) {
    out.push({
      type: 'server',
      sourceKey: `${s.id}:created`,
      at: created.toISOString(),
      title: `${s.name} created`,
      severity: 'info',
      link: { kind: 'server', id: s.id },
      detail: { years: 0, message: message('server_created', { name: s.name }) },
    });
  }
  for (let years = 1; ; years++) {
    const birthday = new Date(created);
    birthday.setUTCFullYear(created.getUTCFullYear() + years);
    if (birthday >= until) break;
    if (birthday < since) continue;
    out.push({
      type: 'server',
      sourceKey: `${s.id}:birthday:${years}`,
      at: birthday.toISOString(),
      title: `${s.name} is ${years} year${years === 1 ? '' : 's'} old`,
      severity: 'info',
      link: { kind: 'server', id: s.id },
      detail: { years, message: message('server_birthday', { name: s.name, years }) },
    });
  }
  return out;
}

function toEvent(r: {
  id: string;
  type: string;
  at: string;
  title: string;
  severity: string;
  link_kind: string;
  link_id: string;
  detail: string;
}): AccountEvent {
  const { message, ...detail } = readJson<Record<string, unknown>>(r.detail, {});
  return {
    id: r.id,
    type: r.type as AccountEventType,
    at: r.at,
    title: r.title,
    severity: r.severity as AccountEvent['severity'],
    link: { kind: r.link_kind, id: r.link_id },
    ...(message ? { message: message as EventMessage } : {}),
    detail,
  };
}
