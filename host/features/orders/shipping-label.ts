import { PDFDocument, rgb } from 'pdf-lib';
import { embedPdfFonts, printable } from '../../pdf-fonts.js';
import type { Order } from './order-service.js';

/**
 * A return label (A6, pdf-lib, the portal's PDF fonts): sender, the returns depot, the tracking
 * number large enough to read across a warehouse, the order and the wipe attestation.
 * A carrier's own label, with its barcode, would come from the carrier's API.
 */
export async function renderShippingLabel(input: { order: Order; customer: string; provider: string; to: string[] }): Promise<Uint8Array> {
  const { order } = input;
  const ret = order.deviceReturn!;
  const doc = await PDFDocument.create();
  doc.setTitle(`Return label ${order.number}`);
  doc.setAuthor(input.provider);
  const { font, bold } = await embedPdfFonts(doc);
  const page = doc.addPage([297.64, 419.53]); // A6
  const ink = rgb(0.06, 0.09, 0.16);
  let y = 395;
  const line = (text: string, size = 9, f = font) => {
    page.drawText(printable(f, text), { x: 18, y, size, font: f, color: ink });
    y -= size + 5;
  };
  const rule = () => {
    page.drawLine({ start: { x: 18, y: y + 4 }, end: { x: 280, y: y + 4 }, thickness: 0.8, color: ink });
    y -= 10;
  };
  line(`RETURN – ${ret.carrier}`, 12, bold);
  rule();
  line('From', 7);
  line(input.customer, 10, bold);
  line(`Service: ${order.serviceName}`);
  y -= 4;
  line('To', 7);
  line(input.provider, 10, bold);
  for (const l of input.to) line(l, 10);
  rule();
  line('Tracking number', 7);
  line(ret.trackingNumber, 20, bold);
  y -= 4;
  line(`Order ${order.number}`, 10, bold);
  line(`Device: ${ret.device}`);
  rule();
  line(
    ret.attestedAt
      ? `Wipe attested by ${ret.attestedBy} on ${ret.attestedAt.slice(0, 10)}`
      : 'Attest the wipe in the portal before you ship.',
    8,
    ret.attestedAt ? font : bold,
  );
  return doc.save();
}
