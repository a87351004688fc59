import { registerMessages } from '../core/localize.js';
import { formatAgo, formatDaysFromToday, formatDuration, formatNumber } from '../core/format.js';

/** English messages of `gp-account-calendar`; other languages load when a page first needs them. */
/** Nouns per event type, singular and plural (built once, not per call: a month labels every day). */
const ONE: Record<string, string> = {
  ticket: 'ticket',
  alert: 'alert',
  backup: 'backup',
  ssl: 'certificate event',
  domain: 'domain event',
  maintenance: 'maintenance',
  server: 'server event',
  order: 'order',
  payment: 'payment',
};
const MANY: Record<string, string> = {
  ticket: 'tickets',
  alert: 'alerts',
  backup: 'backups',
  ssl: 'certificate events',
  domain: 'domain events',
  maintenance: 'maintenance windows',
  server: 'server events',
  order: 'orders',
  payment: 'payments',
};

const ORDER: Record<string, string> = {
  upgrade: 'upgrade',
  downgrade: 'downgrade',
  renewal: 'renewal',
  refresh: 'refresh',
  addon: 'add-on',
};

const METRIC: Record<string, string> = { cpu: 'CPU', memory: 'Memory', disk: 'Disk', bandwidth: 'Bandwidth' };

export const en = {
  /** A load that failed, and the system it comes from, as the error state names them. */
  calendarFailed: 'The calendar could not be loaded',
  calendarSystem: 'The calendar service',
  calendarTitle: (month: string) => `Account calendar, ${month}`,
  previousMonth: 'Previous month',
  nextMonth: 'Next month',
  legend: 'Show',
  eventType: {
    ticket: 'Tickets',
    alert: 'Alerts',
    backup: 'Backups',
    ssl: 'SSL certificates',
    domain: 'Domains',
    maintenance: 'Maintenance',
    server: 'Servers',
    order: 'Orders',
    payment: 'Payments',
  } as Record<string, string>,
  eventCount: (n: number, type: string) => `${n} ${n === 1 ? ONE[type] : MANY[type]}`,
  nothingThatDay: 'Nothing happened',
  andMore: (n: number) => `and ${n} more`,
  dayEvents: (day: string) => `Events on ${day}`,
  hintsTitle: 'Worth a look before the call',
  noHints: 'Nothing unusual this month.',
  hint: {
    backups_stopped: (p: Record<string, string | number>) =>
      p.ageMinutes !== undefined
        ? `Backups of ${p.service} stopped: the last good snapshot was taken ${formatAgo(Number(p.ageMinutes), 'en')}; the ${p.tier} tier takes one every ${formatDuration(Number(p.everyMinutes), 'en')}.`
        : `Backups of ${p.service} stopped: the last good run was ${formatDaysFromToday(-Number(p.days), 'en')}, though they usually run every ${p.every} days.`,
    renewal_due: (p: Record<string, string | number>) => `The contract for ${p.name} renews ${formatDaysFromToday(Number(p.days), 'en')}.`,
    usage_at_limit: (p: Record<string, string | number>) =>
      `${METRIC[p.metric!] ?? p.metric} at its limit on ${p.server}: ${Number(p.count) === 1 ? 'once' : `${p.count} times`} in the last 7 days.`,
    alerts_above_baseline: (p: Record<string, string | number>) =>
      `${p.count} monitoring alerts this month, against an average of ${p.baseline} in the previous ${p.months} months.`,
    ticket_surge: (p: Record<string, string | number>) =>
      `${p.count} tickets in the last 7 days; usually ${formatNumber(Number(p.weekly), 'en')} a week.`,
    invoice_overdue: (p: Record<string, string | number>) =>
      Number(p.count) > 1
        ? `${p.count} invoices are overdue; the oldest, ${p.number}, by ${p.days} days.`
        : `Invoice ${p.number} is ${p.days} days overdue.`,
    certificate_expiring: (p: Record<string, string | number>) =>
      Number(p.days) < 0
        ? `The certificate ${p.name} expired ${formatDaysFromToday(Number(p.days), 'en')}.`
        : `The certificate ${p.name} expires ${formatDaysFromToday(Number(p.days), 'en')}.`,
  } as Record<string, (p: Record<string, string | number>) => string>,
  /** Event titles the element words from the host's `detail.message` (key and data). */
  eventTitle: {
    order: (p) => `${p.number}: ${ORDER[p.orderType!] ?? p.orderType} of ${p.service}`,
    payment_received: () => 'Payment received',
    payment_failed: () => 'Payment failed',
    certificate_bought: (p) => `Certificate ${p.name} bought`,
    domain_bought: (p) => `Domain ${p.name} bought`,
    usage_at_limit: (p) => `${METRIC[p.metric!] ?? p.metric} at its limit on ${p.server}`,
    server_created: (p) => `${p.name} created`,
    server_birthday: (p) => `${p.name} is ${Number(p.years) === 1 ? '1 year' : `${p.years} years`} old`,
  } as Record<string, (p: Record<string, string | number>) => string>,
  sourcesMissing: (names: string) => `Some sources did not answer (${names}); their events may be missing.`,
  open: 'Open',
};

type AccountCalendarMessages = typeof en;
declare module '../core/localize.js' {
  interface Messages extends AccountCalendarMessages {}
}

registerMessages(en, { de: () => import('./messages.de.js').then((m) => m.de) });
