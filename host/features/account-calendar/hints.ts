/**
 * "Happy check" hints for an account manager: patterns that broke, each explained with the
 * numbers behind it. Every rule stays silent without the history that would support it.
 * Pure functions over plain data, so each can be tested on made-up histories.
 */

import { formatAge } from '../protection/protection-service.js';

const DAY = 86_400_000;

export const HINT_RULES = [
  'backups_stopped',
  'alerts_above_baseline',
  'ticket_surge',
  'invoice_overdue',
  'certificate_expiring',
  'renewal_due',
  'usage_at_limit',
] as const;
export type HintRule = (typeof HINT_RULES)[number];

export interface Hint {
  rule: HintRule;
  severity: 'warning' | 'critical';
  /** The numbers the sentence is made of; elements word it in their language. */
  params: Record<string, string | number>;
  /** The same in English, for logs and API readers. */
  detail: string;
  link: { kind: string; id: string } | null;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const days = (ms: number) => Math.round(ms / DAY);

/**
 * A service whose backups ran on a regular rhythm (at least four good runs, intervals
 * within a quarter of their median) and then stopped: the last good run is more than
 * one and a half intervals ago.
 */
export function backupsStopped(runs: { at: Date; ok: boolean; serviceId: string; serviceName: string }[], asOf: Date): Hint[] {
  const byService = new Map<string, { name: string; times: number[] }>();
  for (const r of runs) {
    if (!r.ok || r.at > asOf) continue;
    const entry = byService.get(r.serviceId) ?? { name: r.serviceName, times: [] };
    entry.times.push(r.at.getTime());
    byService.set(r.serviceId, entry);
  }
  const hints: Hint[] = [];
  for (const [serviceId, { name, times }] of byService) {
    if (times.length < 4) continue;
    times.sort((a, b) => a - b);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    const usual = median(gaps);
    if (usual < DAY / 2) continue;
    const regular = gaps.filter((g) => Math.abs(g - usual) <= usual / 4).length >= Math.ceil(gaps.length * 0.75);
    const last = times.at(-1)!;
    const silence = asOf.getTime() - last;
    if (!regular || silence <= usual * 1.5) continue;
    const every = days(usual);
    const since = days(silence);
    hints.push({
      rule: 'backups_stopped',
      severity: 'critical',
      params: { service: name, lastRun: new Date(last).toISOString(), days: since, every },
      detail: `Backups of ${name} stopped: the last good run was ${since} days ago; they usually run every ${every} days.`,
      link: { kind: 'service', id: serviceId },
    });
  }
  return hints;
}

/**
 * Monitoring alerts this month well above the account's own baseline: at least three,
 * and at least twice the average of the previous months plus two. Needs at least two
 * previous months that were monitored (an account with no history has no baseline).
 */
export function alertsAboveBaseline(thisMonth: number, previousMonths: number[]): Hint[] {
  if (previousMonths.length < 2) return [];
  const baseline = previousMonths.reduce((s, n) => s + n, 0) / previousMonths.length;
  if (thisMonth < 3 || thisMonth < 2 * baseline + 2) return [];
  const avg = Math.round(baseline * 10) / 10;
  return [
    {
      rule: 'alerts_above_baseline',
      severity: 'warning',
      params: { count: thisMonth, baseline: avg, months: previousMonths.length },
      detail: `${thisMonth} monitoring alerts this month against an average of ${avg} in the previous ${previousMonths.length} months.`,
      link: null,
    },
  ];
}

/**
 * More tickets in the last seven days than the account's weekly average over the eight
 * weeks before allows: at least three, and at least three times that average. Needs four
 * weeks of ticket history.
 */
export function ticketSurge(opened: Date[], asOf: Date): Hint[] {
  const t = asOf.getTime();
  const past = opened.map((d) => d.getTime()).filter((x) => x <= t);
  if (!past.length || t - Math.min(...past) < 28 * DAY) return [];
  const recent = past.filter((x) => x > t - 7 * DAY).length;
  const before = past.filter((x) => x <= t - 7 * DAY && x > t - 63 * DAY).length;
  const weekly = before / 8;
  if (recent < 3 || recent < 3 * weekly) return [];
  const avg = Math.round(weekly * 10) / 10;
  return [
    {
      rule: 'ticket_surge',
      severity: 'warning',
      params: { count: recent, weekly: avg },
      detail: `${recent} tickets in the last 7 days; usually ${avg} a week.`,
      link: null,
    },
  ];
}

/** Invoices past their due date with money still owed: one hint, naming the oldest. */
export function invoicesOverdue(
  invoices: { id: string; number: string; dueOn: string; amountDue: number; currency: string; status: string }[],
  today: string,
): Hint[] {
  const late = invoices
    .filter((i) => i.amountDue > 0 && i.status !== 'void' && i.status !== 'draft' && i.dueOn < today)
    .map((i) => ({ ...i, days: days(Date.parse(`${today}T00:00:00Z`) - Date.parse(`${i.dueOn}T00:00:00Z`)) }))
    .sort((a, b) => b.days - a.days);
  const oldest = late[0];
  if (!oldest) return [];
  return [
    {
      rule: 'invoice_overdue',
      severity: oldest.days > 30 ? 'critical' : 'warning',
      params: { count: late.length, number: oldest.number, days: oldest.days },
      detail:
        late.length === 1
          ? `Invoice ${oldest.number} is ${oldest.days} days overdue.`
          : `${late.length} invoices are overdue; the oldest, ${oldest.number}, by ${oldest.days} days.`,
      link: { kind: 'invoice', id: oldest.id },
    },
  ];
}

/** Certificates that expire within `withinDays` (or have expired). */
export function certificatesExpiring(
  certificates: { serviceId: string; name: string; expiresOn: string }[],
  today: string,
  withinDays = 30,
): Hint[] {
  return certificates.flatMap((c) => {
    const left = days(Date.parse(`${c.expiresOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`));
    if (left > withinDays) return [];
    return [
      {
        rule: 'certificate_expiring' as const,
        severity: left <= 7 ? ('critical' as const) : ('warning' as const),
        params: { name: c.name, expiresOn: c.expiresOn, days: left },
        detail: left < 0 ? `The certificate ${c.name} expired ${-left} days ago.` : `The certificate ${c.name} expires in ${left} days.`,
        link: { kind: 'service', id: c.serviceId },
      },
    ];
  });
}

/**
 * Servers whose protection (the dr-protection view's own measurement) says the last good
 * snapshot is older than the tier's recovery point: the same fact the customer sees, so
 * the account manager is never told "stopped" while the customer sees a fresh snapshot.
 */
export function protectionBackupsStopped(
  servers: {
    serverId: string;
    serverName: string;
    tier: { name: string; snapshotEveryMinutes: number } | null;
    lastGoodSnapshotAt: string | null;
    snapshotAgeMinutes: number | null;
    late: boolean;
  }[],
): Hint[] {
  return servers.flatMap((s) => {
    if (!s.tier || !s.late || s.snapshotAgeMinutes == null || !s.lastGoodSnapshotAt) return [];
    const age = s.snapshotAgeMinutes;
    const since = Math.floor(age / 1440);
    const every = Math.round((s.tier.snapshotEveryMinutes / 1440) * 100) / 100;
    return [
      {
        rule: 'backups_stopped' as const,
        severity: 'critical' as const,
        params: {
          service: s.serverName,
          lastRun: s.lastGoodSnapshotAt,
          days: since,
          every,
          ageMinutes: age,
          everyMinutes: s.tier.snapshotEveryMinutes,
          tier: s.tier.name,
        },
        detail: `Backups of ${s.serverName} stopped: the last good snapshot is ${formatAge(age)} old; the ${s.tier.name} tier takes one every ${formatAge(s.tier.snapshotEveryMinutes)}.`,
        link: { kind: 'protection', id: s.serverId },
      },
    ];
  });
}

/** Services whose contract renews within `withinDays` (certificates and domains have their own rule). */
export function renewalsDue(
  plans: { serviceId: string; name: string; kind: string; renewsOn: string }[],
  today: string,
  withinDays = 60,
): Hint[] {
  return plans.flatMap((p) => {
    if (p.kind === 'certificate' || p.kind === 'domain') return [];
    const left = days(Date.parse(`${p.renewsOn}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`));
    if (left < 0 || left > withinDays) return [];
    return [
      {
        rule: 'renewal_due' as const,
        severity: left <= 14 ? ('critical' as const) : ('warning' as const),
        params: { name: p.name, renewsOn: p.renewsOn, days: left },
        detail: `The contract for ${p.name} renews in ${left} days (${p.renewsOn}).`,
        link: { kind: 'service', id: p.serviceId },
      },
    ];
  });
}

/** Usage at its limit in the last seven days: one hint per server and metric, with how often and the latest. */
export function usageAtLimit(
  alerts: { at: Date; serverId: string; serverName: string; metric: string; title: string }[],
  asOf: Date,
): Hint[] {
  const t = asOf.getTime();
  const found = new Map<string, { serverId: string; serverName: string; metric: string; count: number; latest: Date; title: string }>();
  for (const a of alerts) {
    if (a.at.getTime() > t || a.at.getTime() <= t - 7 * DAY) continue;
    const key = `${a.serverId}\u0000${a.metric}`;
    const e = found.get(key) ?? {
      serverId: a.serverId,
      serverName: a.serverName,
      metric: a.metric,
      count: 0,
      latest: a.at,
      title: a.title,
    };
    e.count++;
    if (a.at >= e.latest) Object.assign(e, { latest: a.at, title: a.title });
    found.set(key, e);
  }
  return [...found.values()].map((e) => ({
    rule: 'usage_at_limit' as const,
    severity: 'warning' as const,
    params: { server: e.serverName, metric: e.metric, count: e.count, latest: e.latest.toISOString() },
    detail: `${e.title}: ${e.count} time${e.count === 1 ? '' : 's'} in the last 7 days.`,
    link: { kind: 'server', id: e.serverId },
  }));
}
