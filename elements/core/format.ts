/** Intl formatting in the element's locale; never string concatenation of numbers or dates. */

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>();
function memo<T extends Intl.DateTimeFormat | Intl.NumberFormat | Intl.RelativeTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) cache.set(key, (f = make()));
  return f;
}

export function formatDate(value: string | Date, locale: string, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
  return memo(`d|${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options)).format(new Date(value));
}

/** Date and time in the viewer's zone, with the zone's short name (`24 Nov 2026, 22:00 CET`). */
export function formatDateTime(value: string | Date, locale: string, timeZone?: string): string {
  // dateStyle/timeStyle cannot be combined with timeZoneName, so the fields are spelled out.
  return formatDate(value, locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
    ...(timeZone ? { timeZone } : {}),
  });
}

export function formatTime(value: string | Date, locale: string): string {
  return formatDate(value, locale, { timeStyle: 'short' });
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86400],
  ['month', 30 * 86400],
  ['week', 7 * 86400],
  ['day', 86400],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** "in 2 days", "5 minutes ago". */
export function formatRelative(value: string | Date, locale: string, now: Date = new Date()): string {
  const seconds = (new Date(value).getTime() - now.getTime()) / 1000;
  const rtf = memo(`r|${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size || unit === 'second') return rtf.format(Math.round(seconds / size), unit);
  }
  return '';
}

/** Minutes as the largest unit that reads well: under 2 hours in minutes, under 3 days in hours, then days. */
function span(minutes: number): [unit: 'minute' | 'hour' | 'day', value: number] {
  return minutes < 120
    ? ['minute', Math.round(minutes)]
    : minutes < 72 * 60
      ? ['hour', Math.round(minutes / 60)]
      : ['day', Math.round(minutes / 1440)];
}

/** A span of time with Intl's plurals: "45 min", "3 hours", "3 Tage". */
export function formatDuration(minutes: number, locale: string, unitDisplay: 'short' | 'long' = 'long'): string {
  const [unit, value] = span(minutes);
  return memo(`u|${locale}|${unit}|${unitDisplay}`, () => new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay })).format(
    value,
  );
}

/** How long ago, through Intl.RelativeTimeFormat: "now", "5 minutes ago", "vor 3 Tagen" (never "vor 0 Min."). */
export function formatAgo(minutes: number, locale: string): string {
  const rtf = memo(`r|${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
  if (minutes < 1) return rtf.format(0, 'second');
  const [unit, value] = span(minutes);
  return rtf.format(-value, unit);
}

/** Whole days from today, through Intl.RelativeTimeFormat: "today", "in 5 days", "vor 2 Tagen". */
export function formatDaysFromToday(days: number, locale: string): string {
  return memo(`r|${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })).format(days, 'day');
}

const moneyFormats = new Map<string, { format: Intl.NumberFormat; scale: number }>();

/** Minor units in the currency's own exponent (JPY has none). */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const key = `${locale}|${currency}`;
  let m = moneyFormats.get(key);
  if (!m) {
    const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    // resolvedOptions() allocates: read the exponent once per currency, not per amount.
    m = { format, scale: 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2) };
    moneyFormats.set(key, m);
  }
  return m.format.format(minor / m.scale);
}

/**
 * Bytes in the largest unit that keeps `scale` (the value itself unless given) at 1 or more:
 * an axis passes its top tick, so its 0 reads "0 GB" beside "7.3 GB", not "0 byte".
 */
export function formatBytes(bytes: number, locale: string, scale = bytes): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte', 'petabyte'];
  let i = 0;
  let v = bytes;
  for (let s = Math.abs(scale); s >= 1024 && i < units.length - 1; s /= 1024) {
    v /= 1024;
    i++;
  }
  return memo(
    `b|${locale}|${i}`,
    () => new Intl.NumberFormat(locale, { style: 'unit', unit: units[i]!, unitDisplay: 'short', maximumFractionDigits: 1 }),
  ).format(v);
}

export function formatPercent(ratio: number, locale: string, digits = 0): string {
  return memo(`p|${locale}|${digits}`, () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits })).format(
    ratio,
  );
}

export function formatNumber(value: number, locale: string, digits = 1): string {
  return memo(`n|${locale}|${digits}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: digits })).format(value);
}

let viewerZone: string | undefined;

/**
 * The viewer's time zone, read once per page: reading it builds a DateTimeFormat, which
 * costs as much as formatting some thousand dates, and a calendar asks once per event.
 */
export const viewerTimeZone = (): string => (viewerZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone);

/** A calendar date (`2026-12-15`, a billing or renewal date) as the same date in every time zone. */
export function formatPlainDate(date: string, locale: string): string {
  return formatDate(`${date.slice(0, 10)}T00:00:00Z`, locale, { dateStyle: 'medium', timeZone: 'UTC' });
}

/** The name of the language `tag` in the reader's `locale` ("Englisch"); the tag itself when Intl does not know it. */
export function languageName(tag: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(tag) ?? tag;
  } catch {
    // An unknown tag: its code is still better than nothing.
    return tag;
  }
}

/**
 * The name of the language `tag` in the reader's `locale`, or undefined when it is the
 * reader's own language (compared by primary subtag: `en-GB` is English to an `en` reader).
 * Content written in one language (a status page, an article) is marked with it.
 */
export function otherLanguage(tag: string, locale: string): string | undefined {
  const primary = (t: string) => t.split('-')[0]!.toLowerCase();
  return !tag || primary(tag) === primary(locale) ? undefined : languageName(tag, locale);
}
