import { PDFDocument, rgb, type PDFPage } from 'pdf-lib';
import type { Invoice, InvoiceLine } from '../../ports/billing-provider.js';
import { embedPdfFonts, printable } from '../../pdf-fonts.js';
import { formatMoney as formatIn } from './views.js';

export type PdfLocale = 'en' | 'de';

/**
 * Who issues the invoices: the provider's legal name, postal address, VAT or tax id and
 * contact, and how to pay by bank transfer. Configured per host (`GLASSPANE_PROVIDER_*`);
 * an invoice a tax office accepts needs the name, address and tax id.
 */
export interface InvoiceIssuer {
  name: string;
  address: string[];
  taxId?: string | undefined;
  contact?: string | undefined;
  /** Lines for paying by transfer: bank, IBAN, BIC, reference hint. */
  paymentDetails?: string[] | undefined;
}

/** The customer as the invoice names it: legal name, billing address and VAT id (the tenant's billing profile). */
export interface InvoiceRecipient {
  name: string;
  address: string[];
  taxId?: string | undefined;
}

/** How the invoice is or will be paid: recorded payments, or the method autopay will charge. */
export interface InvoicePaymentInfo {
  payments: { on: string; label: string; amount: number }[];
  autopayMethod?: string | undefined;
}

const EN = {
  invoice: 'Invoice',
  number: 'Invoice number',
  issued: 'Invoice date',
  due: 'Due date',
  period: 'Service period',
  billTo: 'Bill to',
  description: 'Description',
  quantity: 'Qty',
  unit: 'Unit price',
  rate: 'Tax',
  amount: 'Net amount',
  subtotal: 'Net total',
  taxOn: (rate: string, base: string) => `Tax ${rate} on ${base}`,
  total: 'Total',
  paid: 'Paid',
  amountDue: 'Amount due',
  status: 'Status',
  open: 'Open',
  overdue: 'Overdue',
  draft: 'Draft',
  void: 'Void',
  paidStatus: 'Paid',
  taxId: 'VAT ID',
  terms: (days: number, due: string) =>
    days > 0 ? `Payment terms: payable within ${days} days, by ${due}.` : `Payment terms: payable on receipt, by ${due}.`,
  paidBy: (on: string, label: string, amount: string) => `Paid ${amount} on ${on} by ${label}.`,
  autopay: (label: string, due: string) => `Will be collected from ${label} on ${due}.`,
  transfer: 'Bank transfer',
  reference: (n: string) => `Please quote ${n} as the payment reference.`,
  page: (n: number, of: number) => `Page ${n} of ${of}`,
  reverseCharge: 'Reverse charge: VAT to be accounted for by the recipient (Article 196, Council Directive 2006/112/EC)',
};

const TEXT: Record<PdfLocale, typeof EN> = {
  en: EN,
  de: {
    invoice: 'Rechnung',
    number: 'Rechnungsnummer',
    issued: 'Rechnungsdatum',
    due: 'Fällig am',
    period: 'Leistungszeitraum',
    billTo: 'Rechnungsempfänger',
    description: 'Beschreibung',
    quantity: 'Menge',
    unit: 'Einzelpreis',
    rate: 'USt.',
    amount: 'Nettobetrag',
    subtotal: 'Summe netto',
    taxOn: (rate, base) => `USt. ${rate} auf ${base}`,
    total: 'Gesamtbetrag',
    paid: 'Bezahlt',
    amountDue: 'Offener Betrag',
    status: 'Status',
    open: 'Offen',
    overdue: 'Überfällig',
    draft: 'Entwurf',
    void: 'Storniert',
    paidStatus: 'Bezahlt',
    taxId: 'USt-IdNr.',
    terms: (days, due) =>
      days > 0 ? `Zahlungsbedingungen: zahlbar innerhalb von ${days} Tagen bis ${due}.` : `Zahlungsbedingungen: sofort zahlbar bis ${due}.`,
    paidBy: (on, label, amount) => `${amount} bezahlt am ${on} per ${label}.`,
    autopay: (label, due) => `Wird am ${due} von ${label} eingezogen.`,
    transfer: 'Überweisung',
    reference: (n) => `Bitte geben Sie ${n} als Verwendungszweck an.`,
    page: (n, of) => `Seite ${n} von ${of}`,
    reverseCharge: 'Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge)',
  },
};

const intlLocale = (locale: PdfLocale) => (locale === 'de' ? 'de-DE' : 'en-US');

/** Minor units to a localised amount, using the currency's own exponent (JPY has none). */
const formatMoney = (minor: number, currency: string, locale: PdfLocale) => formatIn(minor, currency, intlLocale(locale));

const formatDate = (iso: string, locale: PdfLocale) =>
  new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso.slice(0, 10)}T00:00:00Z`));
const formatRate = (rate: number, locale: PdfLocale) =>
  `${new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 2 }).format(rate)} %`;
const days = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/**
 * A line's tax rate in percent: the provider's, or the one its amounts imply (to 0.1 %),
 * so the summary groups "19 %" lines together even when the provider states no rate.
 */
export function lineTaxRate(line: InvoiceLine): number {
  if (line.taxRate !== undefined) return line.taxRate;
  return line.amount === 0 ? 0 : Math.round((line.taxAmount / line.amount) * 1000) / 10;
}

/** The EU member states' VAT id prefixes (Greece's is EL); XI is Northern Ireland (goods). */
const EU_VAT_PREFIXES = new Set([
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'EL',
  'ES',
  'FI',
  'FR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
  'XI',
]);

/** The EU member state of a VAT id (`DE123456789` → `DE`; `GR` is read as `EL`), or undefined for a non-EU id. */
export function euVatCountry(taxId: string | undefined): string | undefined {
  const prefix = taxId
    ?.replace(/[\s.-]/g, '')
    .slice(0, 2)
    .toUpperCase();
  const country = prefix === 'GR' ? 'EL' : prefix;
  return country && EU_VAT_PREFIXES.has(country) ? country : undefined;
}

/**
 * Whether an untaxed line is an EU reverse-charge supply: provider and customer both have a
 * VAT id of an EU member state, in different states (Article 196, Directive 2006/112/EC).
 */
export function isReverseCharge(issuer: Pick<InvoiceIssuer, 'taxId'>, recipient: Pick<InvoiceRecipient, 'taxId'>): boolean {
  const from = euVatCountry(issuer.taxId);
  const to = euVatCountry(recipient.taxId);
  return !!from && !!to && from !== to;
}

/** Net amount and tax per rate, highest rate first: the breakdown an invoice must state. */
export function taxSummary(lines: readonly InvoiceLine[]): { rate: number; net: number; tax: number }[] {
  const byRate = new Map<number, { rate: number; net: number; tax: number }>();
  for (const line of lines) {
    const rate = lineTaxRate(line);
    const entry = byRate.get(rate) ?? { rate, net: 0, tax: 0 };
    entry.net += line.amount;
    entry.tax += line.taxAmount;
    byRate.set(rate, entry);
  }
  return [...byRate.values()].sort((a, b) => b.rate - a.rate);
}

/**
 * Renders an invoice as an A4 PDF in the tenant's language and the invoice's currency, with
 * what a tax office asks of an invoice: issuer and recipient with addresses and tax ids,
 * number and dates, each line's service period and tax rate, net, tax per rate and total,
 * payment terms and how it is or will be paid. Used when the billing provider has no PDF of
 * its own.
 */
export async function renderInvoicePdf(
  invoice: Invoice,
  party: { issuer: InvoiceIssuer; recipient: InvoiceRecipient; payment?: InvoicePaymentInfo | undefined },
  locale: PdfLocale = 'en',
): Promise<Uint8Array> {
  const t = TEXT[locale];
  const { issuer, recipient } = party;
  const doc = await PDFDocument.create();
  doc.setTitle(`${t.invoice} ${invoice.number}`);
  doc.setAuthor(issuer.name);
  doc.setLanguage(locale);
  doc.setCreationDate(new Date(`${invoice.issuedOn}T00:00:00Z`));
  const { font, bold } = await embedPdfFonts(doc);
  const money = (m: number) => formatMoney(m, invoice.currency, locale);
  const date = (iso: string) => formatDate(iso, locale);
  const ink = rgb(0.1, 0.1, 0.15);
  const muted = rgb(0.4, 0.4, 0.45);

  const left = 50;
  const right = 545;
  let page: PDFPage = doc.addPage([595.28, 841.89]);
  let y = 790;
  const text = (s: string, x: number, size = 9, f = font, color = ink) => page.drawText(printable(f, s), { x, y, size, font: f, color });
  const textRight = (s: string, x: number, size = 9, f = font, color = ink) => {
    const safe = printable(f, s);
    page.drawText(safe, { x: x - f.widthOfTextAtSize(safe, size), y, size, font: f, color });
  };
  const fit = (s: string, width: number, size = 9, f = font) => {
    let out = printable(f, s);
    while (out.length > 1 && f.widthOfTextAtSize(out, size) > width) out = `${out.slice(0, -2)}…`;
    return out;
  };
  const room = (needed: number) => {
    if (y - needed >= 70) return;
    page = doc.addPage([595.28, 841.89]);
    y = 790;
  };

  // Issuer (top left) and title (top right).
  text(issuer.name, left, 13, bold);
  textRight(t.invoice, right, 20, bold);
  y -= 15;
  for (const line of [
    ...issuer.address,
    ...(issuer.taxId ? [`${t.taxId}: ${issuer.taxId}`] : []),
    ...(issuer.contact ? [issuer.contact] : []),
  ]) {
    text(line, left, 8, font, muted);
    y -= 11;
  }
  const headerBottom = y;

  // Invoice data (right column).
  y = 755;
  const periods = invoice.lines.filter((l) => l.periodStart && l.periodEnd);
  const period = periods.length
    ? `${date(periods.map((l) => l.periodStart!).sort()[0]!)} – ${date(
        periods
          .map((l) => l.periodEnd!)
          .sort()
          .at(-1)!,
      )}`
    : undefined;
  const status = { open: t.open, overdue: t.overdue, paid: t.paidStatus, draft: t.draft, void: t.void }[invoice.status];
  for (const [label, value] of [
    [t.number, invoice.number],
    [t.issued, date(invoice.issuedOn)],
    [t.due, date(invoice.dueOn)],
    ...(period ? [[t.period, period]] : []),
    [t.status, status],
  ] as const) {
    text(label, 340, 9, bold);
    textRight(value, right);
    y -= 13;
  }

  // Recipient.
  y = Math.min(y, headerBottom) - 22;
  text(t.billTo, left, 9, bold);
  y -= 13;
  // A sub-account's invoice (a site, a department) names it under the account's name.
  const billedTo = invoice.billedTo ? [invoice.billedTo] : [];
  for (const line of [recipient.name, ...billedTo, ...recipient.address, ...(recipient.taxId ? [`${t.taxId}: ${recipient.taxId}`] : [])]) {
    text(line, left);
    y -= 12;
  }
  y -= 22;

  // Lines.
  const cols = { qty: 330, unit: 405, rate: 450, amount: right };
  // Untaxed lines to a business in another EU state: marked, and the note says why (reverse charge).
  const reverseCharge = isReverseCharge(issuer, recipient);
  const reversed = (line: InvoiceLine) => reverseCharge && line.taxAmount === 0 && line.amount !== 0;
  const header = () => {
    text(t.description, left, 9, bold);
    textRight(t.quantity, cols.qty, 9, bold);
    textRight(t.unit, cols.unit, 9, bold);
    textRight(t.rate, cols.rate, 9, bold);
    textRight(t.amount, cols.amount, 9, bold);
    y -= 7;
    page.drawLine({ start: { x: left, y }, end: { x: right, y }, thickness: 0.7, color: rgb(0.6, 0.6, 0.65) });
    y -= 14;
  };
  header();
  for (const line of invoice.lines) {
    const before = page;
    room(line.periodStart ? 26 : 14);
    if (page !== before) header();
    text(fit(line.description, cols.qty - left - 30), left);
    textRight(String(line.quantity), cols.qty);
    textRight(money(line.unitAmount), cols.unit);
    textRight(`${formatRate(lineTaxRate(line), locale)}${reversed(line) ? ' *' : ''}`, cols.rate);
    textRight(money(line.amount), cols.amount);
    if (line.periodStart && line.periodEnd) {
      y -= 11;
      text(`${t.period}: ${date(line.periodStart)} – ${date(line.periodEnd)}`, left, 7.5, font, muted);
    }
    y -= 15;
  }

  // Totals: net, tax per rate, total, paid, due.
  const summary = taxSummary(invoice.lines);
  room(16 * (4 + summary.length));
  y -= 2;
  page.drawLine({ start: { x: 300, y }, end: { x: right, y }, thickness: 0.7, color: rgb(0.6, 0.6, 0.65) });
  y -= 15;
  const total = (label: string, value: number, isBold = false) => {
    text(label, 300, 9, isBold ? bold : font);
    textRight(money(value), right, 9, isBold ? bold : font);
    y -= 14;
  };
  total(t.subtotal, invoice.subtotal);
  // Invoices from the list of a provider without lines still state their tax in one sum.
  if (summary.length) for (const s of summary) total(t.taxOn(formatRate(s.rate, locale), money(s.net)), s.tax);
  else total(t.taxOn('', money(invoice.subtotal)).replace(/\s+on\s+|\s+auf\s+/, ' '), invoice.tax);
  total(t.total, invoice.total, true);
  if (invoice.amountPaid) total(t.paid, invoice.amountPaid);
  total(t.amountDue, invoice.amountDue, true);

  // Payment: terms, how it was paid, how to pay.
  y -= 14;
  const notes: string[] = [];
  if (invoice.lines.some(reversed)) notes.push(`* ${t.reverseCharge}`);
  notes.push(t.terms(Math.max(0, days(invoice.issuedOn, invoice.dueOn)), date(invoice.dueOn)));
  for (const p of party.payment?.payments ?? []) notes.push(t.paidBy(date(p.on), p.label, money(p.amount)));
  if (invoice.amountDue > 0 && party.payment?.autopayMethod) notes.push(t.autopay(party.payment.autopayMethod, date(invoice.dueOn)));
  else if (invoice.amountDue > 0 && issuer.paymentDetails?.length)
    notes.push(`${t.transfer}: ${issuer.paymentDetails.join(' · ')}`, t.reference(invoice.number));
  if (invoice.memo) notes.push(invoice.memo);
  for (const note of notes) {
    room(12);
    text(fit(note, right - left, 8.5), left, 8.5);
    y -= 12;
  }

  // Footer on every page: issuer and tax id, page numbers.
  const pages = doc.getPages();
  pages.forEach((p, i) => {
    page = p;
    y = 40;
    text(
      fit([issuer.name, ...issuer.address, issuer.taxId ? `${t.taxId} ${issuer.taxId}` : ''].filter(Boolean).join(' · '), 400, 7),
      left,
      7,
      font,
      muted,
    );
    textRight(t.page(i + 1, pages.length), right, 7, font, muted);
  });
  return doc.save();
}
