/**
 * NetSuite values to Glasspane's: decimal amounts to integer minor units, transaction
 * statuses to invoice statuses, SuiteQL wall-clock times to UTC instants.
 */
import type { InvoiceStatus } from '@glasspane/host';
import { NetSuiteError } from './client.js';

const exponents = new Map<string, number>();

/**
 * Digits after the decimal point of an ISO 4217 currency (EUR 2, JPY 0, KWD 3), from the
 * runtime's CLDR data; 2 for codes it does not know.
 */
export function currencyExponent(currency: string): number {
  let digits = exponents.get(currency);
  if (digits === undefined) {
    digits = 2;
    if (/^[A-Z]{3}$/.test(currency)) {
      try {
        digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
      } catch {
        digits = 2;
      }
    }
    exponents.set(currency, digits);
  }
  return digits;
}

/** A number's decimal digits without exponent notation (`1e-7` → `0.0000001`). */
function plain(value: number): string {
  const s = String(value);
  if (!/e/i.test(s)) return s;
  if (Math.abs(value) >= 1e21) return s;
  return value.toFixed(20);
}

/**
 * A NetSuite decimal (`"1234.5"`, `".3"` as SuiteQL writes it, `0.30000000000000004` from
 * JSON) in integer minor units of `currency`, rounded half away from zero at the
 * currency's exponent. Works on the decimal digits, never on binary floating point, so
 * `0.1 + 0.2` is 30 cents and `1.005` is 101.
 *
 * @example
 * ```ts
 * toMinor('1234.5', 'EUR'); // 123450
 * toMinor(0.1 + 0.2, 'USD'); // 30
 * toMinor('500', 'JPY'); // 500
 * ```
 */
export function toMinor(value: string | number | null | undefined, currency: string): number {
  if (value === null || value === undefined || value === '') return 0;
  const text = typeof value === 'number' ? plain(value) : value.trim();
  const m = /^([+-])?(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (!m[2] && !m[3]) || (typeof value === 'number' && !Number.isFinite(value))) {
    throw new NetSuiteError(`NetSuite sent an amount that is not a number: "${String(value)}".`, { code: 'provider_bad_response' });
  }
  const digits = currencyExponent(currency);
  const fraction = m[3] ?? '';
  const kept = fraction.padEnd(digits, '0').slice(0, digits);
  let minor = BigInt(`${m[2] || '0'}${kept}`);
  if ((fraction[digits] ?? '0') >= '5') minor += 1n;
  const result = Number(m[1] === '-' ? -minor : minor);
  if (!Number.isSafeInteger(result))
    throw new NetSuiteError(`NetSuite sent an amount too large to handle exactly: "${text}".`, { code: 'provider_bad_response' });
  return result === 0 ? 0 : result;
}

/**
 * Minor units back to the decimal NetSuite expects in a record body (`7525` USD → `75.25`),
 * built from the digits so no float arithmetic is involved.
 */
export function toDecimal(minor: number, currency: string): number {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`Amounts are integer minor units, not ${minor}.`);
  const digits = currencyExponent(currency);
  const abs = String(Math.abs(minor)).padStart(digits + 1, '0');
  const whole = abs.slice(0, abs.length - digits);
  const fraction = abs.slice(abs.length - digits);
  return Number(`${minor < 0 ? '-' : ''}${whole}${digits ? `.${fraction}` : ''}`);
}

/** An invoice as SuiteQL and the record API describe its state. */
export interface InvoiceState {
  /** `A`, `B` … (SuiteQL, the record's `status.id`) or the name (`Open`, `Paid In Full`, `Invoice : Open`). */
  status: string | undefined;
  /** SuiteQL `voided` (`T`/`F`). */
  voided?: string | boolean | undefined;
  /** ISO date or null. */
  dueOn: string | null;
  /** Minor units still unpaid. */
  amountDue: number;
}

// CustInvc statuses: A Open, B Paid In Full, D Pending Approval, E Rejected, V Voided.
const STATUS_BY_CODE: Record<string, InvoiceStatus> = { A: 'open', B: 'paid', D: 'draft', E: 'void', V: 'void' };
const STATUS_BY_NAME: Record<string, InvoiceStatus> = {
  open: 'open',
  'paid in full': 'paid',
  'pending approval': 'draft',
  rejected: 'void',
  voided: 'void',
};

/**
 * The Glasspane status of a NetSuite invoice. NetSuite has no "overdue" status: an open
 * invoice with money due after its due date is overdue. `today` is an ISO date in the
 * account's time zone.
 */
export function invoiceStatus(state: InvoiceState, today: string): InvoiceStatus {
  if (state.voided === true || state.voided === 'T') return 'void';
  const raw = (state.status ?? '').trim();
  // `CustInvc:A` and `Invoice : Open` carry the part that matters after the colon.
  const last = raw.includes(':') ? raw.slice(raw.lastIndexOf(':') + 1).trim() : raw;
  let status = STATUS_BY_CODE[last] ?? STATUS_BY_NAME[last.toLowerCase()];
  if (!status) status = state.amountDue > 0 ? 'open' : 'paid';
  if (status === 'open' && state.amountDue > 0 && state.dueOn && state.dueOn < today) return 'overdue';
  return status;
}

/** Today's date (`YYYY-MM-DD`) in an IANA time zone. */
export function isoDate(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The offset (ms) of `timeZone` from UTC at instant `utcMs`. */
function offsetAt(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(utcMs));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(utcMs / 1000) * 1000;
}

/**
 * A SuiteQL wall-clock time (`2026-03-01T09:30:00`, in the integration user's time zone)
 * as a UTC ISO instant. Strings that already carry an offset or `Z` (the record API) are
 * only normalised; anything unreadable is returned as it came.
 */
export function toUtcIso(value: string | null | undefined, timeZone: string): string {
  if (!value) return '';
  const v = value.trim();
  if (/[zZ]$|[+-]\d{2}:?\d{2}$/.test(v)) {
    const t = Date.parse(v);
    return Number.isNaN(t) ? v : new Date(t).toISOString();
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(v);
  if (!m) return v;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  // Two passes settle the offset across a DST change.
  let utc = wall - offsetAt(wall, timeZone);
  utc = wall - offsetAt(utc, timeZone);
  return new Date(utc).toISOString();
}

/** A SuiteQL/record value as a string, or null (SuiteQL leaves null columns out). */
export const text = (value: unknown): string | null =>
  value === null || value === undefined ? null : typeof value === 'object' ? null : String(value);

/** NetSuite internal ids are digits; nothing else is ever written into a SuiteQL query. */
export const isInternalId = (value: string): boolean => /^\d{1,15}$/.test(value);

/**
 * The customer internal id for the `account` a provider is called with (the tenant's billing or
 * support account): a tenant listed in `customerIds` (NETSUITE_CUSTOMER_IDS) is its customer;
 * any other account must be a customer internal id itself. Checked before it reaches a query.
 *
 * @example
 * ```ts
 * customerId('globex', { globex: '108' }); // '108'
 * customerId('107', { globex: '108' }); // '107'
 * ```
 */
export function customerId(account: string, customerIds: Readonly<Record<string, string>> = {}): string {
  const customer = Object.hasOwn(customerIds, account) ? customerIds[account]! : account;
  if (!isInternalId(customer)) {
    // A configuration mistake, not the customer's: say which setting to fix.
    throw new NetSuiteError(
      `"${account}" is neither a tenant in NETSUITE_CUSTOMER_IDS nor a NetSuite customer internal id; map the tenant to its customer there (globex=108).`,
      { status: 500, code: 'provider_misconfigured' },
    );
  }
  return customer;
}
