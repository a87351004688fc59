import type { en } from './messages.js';
import { formatAgo, formatDaysFromToday, formatDuration, formatNumber } from '../core/format.js';

/** "vor 3 Tagen", "in 1 Tag", "heute", with Intl's grammar. */
const days = (n: string | number | undefined) => formatDaysFromToday(Number(n), 'de');

/** Nouns per event type, singular and plural (built once, not per call: a month labels every day). */
const ONE: Record<string, string> = {
  ticket: 'Ticket',
  alert: 'Alarm',
  backup: 'Backup',
  ssl: 'Zertifikatsereignis',
  domain: 'Domainereignis',
  maintenance: 'Wartung',
  server: 'Serverereignis',
  order: 'Bestellung',
  payment: 'Zahlung',
};
const MANY: Record<string, string> = {
  ticket: 'Tickets',
  alert: 'Alarme',
  backup: 'Backups',
  ssl: 'Zertifikatsereignisse',
  domain: 'Domainereignisse',
  maintenance: 'Wartungen',
  server: 'Serverereignisse',
  order: 'Bestellungen',
  payment: 'Zahlungen',
};

const ORDER: Record<string, string> = {
  upgrade: 'Upgrade',
  downgrade: 'Downgrade',
  renewal: 'Verlängerung',
  refresh: 'Hardwaretausch',
  addon: 'Zusatzleistung',
};

const METRIC: Record<string, string> = { cpu: 'CPU', memory: 'Arbeitsspeicher', disk: 'Speicherplatz', bandwidth: 'Bandbreite' };

export const de: typeof en = {
  calendarFailed: 'Der Kalender konnte nicht geladen werden',
  calendarSystem: 'Der Kalenderdienst',
  calendarTitle: (month) => `Kontokalender, ${month}`,
  previousMonth: 'Vorheriger Monat',
  nextMonth: 'Nächster Monat',
  legend: 'Anzeigen',
  eventType: {
    ticket: 'Tickets',
    alert: 'Alarme',
    backup: 'Backups',
    ssl: 'SSL-Zertifikate',
    domain: 'Domains',
    maintenance: 'Wartung',
    server: 'Server',
    order: 'Bestellungen',
    payment: 'Zahlungen',
  },
  eventCount: (n, type) => `${n} ${n === 1 ? ONE[type] : MANY[type]}`,
  nothingThatDay: 'Nichts passiert',
  andMore: (n) => `und ${n} weitere`,
  dayEvents: (day) => `Ereignisse am ${day}`,
  hintsTitle: 'Vor dem Gespräch ansehen',
  noHints: 'Nichts Ungewöhnliches in diesem Monat.',
  eventTitle: {
    order: (p) => `${p.number}: ${ORDER[p.orderType!] ?? p.orderType} von ${p.service}`,
    payment_received: () => 'Zahlung eingegangen',
    payment_failed: () => 'Zahlung fehlgeschlagen',
    certificate_bought: (p) => `Zertifikat ${p.name} gekauft`,
    domain_bought: (p) => `Domain ${p.name} gekauft`,
    usage_at_limit: (p) => `${METRIC[p.metric!] ?? p.metric} am Limit auf ${p.server}`,
    server_created: (p) => `${p.name} angelegt`,
    server_birthday: (p) => `${p.name} ist ${Number(p.years) === 1 ? 'ein Jahr' : `${p.years} Jahre`} alt`,
  },
  hint: {
    backups_stopped: (p) =>
      p.ageMinutes !== undefined
        ? `Die Backups von ${p.service} haben aufgehört: Der letzte gute Snapshot entstand ${formatAgo(Number(p.ageMinutes), 'de')}; die Stufe ${p.tier} macht einen alle ${formatDuration(Number(p.everyMinutes), 'de')}.`
        : `Die Backups von ${p.service} haben aufgehört: Der letzte erfolgreiche Lauf war vor ${p.days} Tagen, üblich ist alle ${p.every} Tage.`,
    renewal_due: (p) => `Der Vertrag für ${p.name} verlängert sich ${days(p.days)}.`,
    usage_at_limit: (p) =>
      `${METRIC[p.metric!] ?? p.metric} am Limit auf ${p.server}: ${Number(p.count) === 1 ? 'einmal' : `${p.count}-mal`} in den letzten 7 Tagen.`,
    alerts_above_baseline: (p) =>
      `${p.count} Monitoring-Alarme in diesem Monat, im Schnitt der letzten ${p.months} Monate waren es ${p.baseline}.`,
    ticket_surge: (p) => `${p.count} Tickets in den letzten 7 Tagen; üblich sind ${formatNumber(Number(p.weekly), 'de')} pro Woche.`,
    invoice_overdue: (p) =>
      Number(p.count) > 1
        ? `${p.count} Rechnungen sind überfällig, die älteste (${p.number}) seit ${p.days} Tagen.`
        : `Rechnung ${p.number} ist seit ${p.days} Tagen überfällig.`,
    certificate_expiring: (p) =>
      Number(p.days) < 0
        ? `Das Zertifikat ${p.name} ist ${days(p.days)} abgelaufen.`
        : `Das Zertifikat ${p.name} läuft ${days(p.days)} ab.`,
  },
  sourcesMissing: (names) => `Einige Quellen haben nicht geantwortet (${names}); ihre Ereignisse fehlen eventuell.`,
  open: 'Öffnen',
};
