/** Luhn (mod 10) check of a card number, digits only. */
export function luhnValid(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** ABA routing number checksum: 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10). */
export function abaRoutingValid(routing: string): boolean {
  if (!/^\d{9}$/.test(routing)) return false;
  const d = [...routing].map(Number);
  const sum = 3 * (d[0]! + d[3]! + d[6]!) + 7 * (d[1]! + d[4]! + d[7]!) + (d[2]! + d[5]! + d[8]!);
  return sum % 10 === 0;
}

/** Card brand from the number's prefix (IIN ranges), for display. */
export function cardBrand(digits: string): string {
  if (/^4/.test(digits)) return 'visa';
  if (/^(5[1-5]|2(2[2-9][1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720))/.test(digits)) return 'mastercard';
  if (/^3[47]/.test(digits)) return 'amex';
  if (/^(6011|65|64[4-9])/.test(digits)) return 'discover';
  return 'card';
}

/** A card expires at the end of its expiry month. */
export function cardExpired(expMonth: number, expYear: number, now: Date): boolean {
  const year = expYear < 100 ? 2000 + expYear : expYear;
  return year < now.getUTCFullYear() || (year === now.getUTCFullYear() && expMonth < now.getUTCMonth() + 1);
}

/** Keys that name card or bank data; their presence alone refuses the body. */
const CARD_DATA_KEYS =
  /^(number|card_?number|pan|cvc|cvv|cvc2|cvv2|security_?code|routing_?number|account_?number|iban|exp(iry)?_?(month|year)?)$/i;
/** A value that is a card or account number as typed (digits, spaces, dashes), or holds a Luhn-valid card number on its own. */
function looksLikeNumber(value: string): boolean {
  if (/^[\d -]+$/.test(value)) {
    const digits = value.replace(/\D/g, '');
    if (digits.length >= 8 && digits.length <= 19) return true;
  }
  for (const match of value.matchAll(/(?<![0-9A-Za-z])\d(?:[ -]?\d){12,18}(?![0-9A-Za-z])/g))
    if (luhnValid(match[0].replace(/\D/g, ''))) return true;
  return false;
}

/** Whether a JSON value carries what looks like card or bank data (by key, or a card-number-like string). */
export function carriesCardData(value: unknown): boolean {
  if (typeof value === 'string') return looksLikeNumber(value);
  if (!value || typeof value !== 'object') return false;
  for (const [key, child] of Object.entries(value)) {
    if (CARD_DATA_KEYS.test(key.replace(/-/g, '_'))) return true;
    if (carriesCardData(child)) return true;
  }
  return false;
}
