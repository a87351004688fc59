import { PDFDocument, StandardFonts, rgb, type PDFFont } from 'pdf-lib';
import type { Invoice } from '../../ports/billing-provider.js';
import { formatMoney as formatIn } from './views.js';

export type PdfLocale = 'en' | 'de';

const EN = {
  invoice: 'Invoice', number: 'Invoice number', issued: 'Issued', due: 'Due', billTo: 'Bill to', description: 'Description',
  quantity: 'Qty', unit: 'Unit price', amount: 'Amount', subtotal: 'Subtotal', tax: 'Tax', total: 'Total', paid: 'Paid', amountDue: 'Amount due',
  status: 'Status', open: 'Open', overdue: 'Overdue', draft: 'Draft', void: 'Void', paidStatus: 'Paid',
};

const TEXT: Record<PdfLocale, typeof EN> = {
  en: EN,
  de: {
    invoice: 'Rechnung', number: 'Rechnungsnummer', issued: 'Rechnungsdatum', due: 'Fällig am', billTo: 'Rechnungsempfänger', description: 'Beschreibung',
    quantity: 'Menge', unit: 'Einzelpreis', amount: 'Betrag', subtotal: 'Zwischensumme', tax: 'Steuer', total: 'Gesamt', paid: 'Bezahlt', amountDue: 'Offener Betrag',
    status: 'Status', open: 'Offen', overdue: 'Überfällig', draft: 'Entwurf', void: 'Storniert', paidStatus: 'Bezahlt',
  },
};

/** Minor units to a localised amount, using the currency's own exponent (JPY has none). */
const formatMoney = (minor: number, currency: string, locale: PdfLocale) => formatIn(minor, currency, locale === 'de' ? 'de-DE' : 'en-US');

const formatDate = (iso: string, locale: PdfLocale) =>
  new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));

/** The standard PDF fonts speak WinAnsi only: anything else would throw, so it becomes "?". */
export const winAnsi = (font: PDFFont, text: string) =>
  [...text.replace(/\u202f|\u00a0/g, ' ')]
    .map((ch) => {
      try {
        font.encodeText(ch);
        return ch;
      } catch {
        return '?';
      }
    })
    .join('');

/**
 * Renders an invoice as PDF (pdf-lib, standard fonts, no network) in the tenant's language
 * and the invoice's currency. Used when the billing provider has no PDF of its own.
 */
export async function renderInvoicePdf(invoice: Invoice, party: { provider: string; customer: string }, locale: PdfLocale = 'en'): Promise<Uint8Array> {
  const t = TEXT[locale];
  const doc = await PDFDocument.create();
  doc.setTitle(`${t.invoice} ${invoice.number}`);
  doc.setAuthor(party.provider);
  doc.setCreationDate(new Date(`${invoice.issuedOn}T00:00:00Z`));
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const money = (m: number) => formatMoney(m, invoice.currency, locale);
  let page = doc.addPage([595.28, 841.89]); // A4
  const left = 50;
  const right = 545;
  let y = 790;
  const text = (s: string, x: number, size = 10, f = font, color = rgb(0.1, 0.1, 0.15)) => page.drawText(winAnsi(f, s), { x, y, size, font: f, color });
  const textRight = (s: string, x: number, size = 10, f = font) => {
    const safe = winAnsi(f, s);
    page.drawText(safe, { x: x - f.widthOfTextAtSize(safe, size), y, size, font: f, color: rgb(0.1, 0.1, 0.15) });
  };

  text(party.provider, left, 16, bold);
  textRight(t.invoice, right, 22, bold);
  y -= 40;
  const status = { open: t.open, overdue: t.overdue, paid: t.paidStatus, draft: t.draft, void: t.void }[invoice.status];
  for (const [label, value] of [
    [t.number, invoice.number],
    [t.issued, formatDate(invoice.issuedOn, locale)],
    [t.due, formatDate(invoice.dueOn, locale)],
    [t.status, status],
  ] as const) {
    text(label, 330, 10, bold);
    textRight(value, right);
    y -= 15;
  }
  y += 45;
  text(t.billTo, left, 10, bold);
  y -= 15;
  text(party.customer, left);
  y -= 60;

  const cols = { qty: 340, unit: 440, amount: right };
  text(t.description, left, 10, bold);
  textRight(t.quantity, cols.qty, 10, bold);
  textRight(t.unit, cols.unit, 10, bold);
  textRight(t.amount, cols.amount, 10, bold);
  y -= 8;
  page.drawLine({ start: { x: left, y }, end: { x: right, y }, thickness: 0.7, color: rgb(0.6, 0.6, 0.65) });
  y -= 16;
  for (const line of invoice.lines) {
    if (y < 120) {
      page = doc.addPage([595.28, 841.89]);
      y = 790;
    }
    text(line.description.length > 55 ? `${line.description.slice(0, 54)}…` : line.description, left);
    textRight(String(line.quantity), cols.qty);
    textRight(money(line.unitAmount), cols.unit);
    textRight(money(line.amount), cols.amount);
    y -= 16;
  }
  y -= 4;
  page.drawLine({ start: { x: 330, y }, end: { x: right, y }, thickness: 0.7, color: rgb(0.6, 0.6, 0.65) });
  y -= 16;
  for (const [label, value, isBold] of [
    [t.subtotal, invoice.subtotal, false],
    [t.tax, invoice.tax, false],
    [t.total, invoice.total, true],
    [t.paid, invoice.amountPaid, false],
    [t.amountDue, invoice.amountDue, true],
  ] as const) {
    text(label, 330, 10, isBold ? bold : font);
    textRight(money(value), right, 10, isBold ? bold : font);
    y -= 16;
  }
  if (invoice.memo) {
    y -= 20;
    text(invoice.memo.slice(0, 100), left, 9);
  }
  return doc.save();
}
