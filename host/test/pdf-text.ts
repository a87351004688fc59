import { PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, decodePDFRawStream, type PDFObject } from 'pdf-lib';

/**
 * The text each page of a PDF draws, as copy-and-paste or a screen reader would get it: pdf-lib
 * reads the document (object streams included), each `Tj`/`TJ` glyph string is mapped back to
 * Unicode through the ToUnicode CMap of the font selected by the last `Tf`. Lines in drawing
 * order. Enough to assert what an invoice says; not a general PDF text extractor.
 */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await PDFDocument.load(bytes);
  const streamText = (obj: PDFObject | undefined): string => {
    const resolved = obj instanceof PDFRef ? doc.context.lookup(obj) : obj;
    return resolved instanceof PDFRawStream ? Buffer.from(decodePDFRawStream(resolved).decode()).toString('latin1') : '';
  };
  const lines: string[] = [];
  for (const page of doc.getPages()) {
    const fonts = page.node.Resources()?.lookupMaybe(PDFName.of('Font'), PDFDict);
    const maps = new Map<string, Map<string, string>>();
    for (const [name, ref] of fonts?.entries() ?? []) {
      const font = doc.context.lookup(ref, PDFDict);
      maps.set(name.decodeText(), toUnicodeMap(streamText(font.get(PDFName.of('ToUnicode')))));
    }
    const contents = page.node.Contents();
    const parts = contents && 'asArray' in contents ? (contents as unknown as { asArray(): PDFObject[] }).asArray() : [contents];
    const content = parts.map((p) => streamText(p as PDFObject)).join('\n');
    let map = new Map<string, string>();
    const decode = (hex: string) => (hex.match(/.{4}/g) ?? []).map((g) => map.get(g.toUpperCase()) ?? '\uFFFD').join('');
    for (const m of content.matchAll(/\/(\S+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj|\[((?:\s*<[0-9A-Fa-f]*>\s*-?[\d.]*)*)\]\s*TJ/g)) {
      if (m[1] !== undefined) map = maps.get(m[1]) ?? new Map();
      else if (m[2] !== undefined) lines.push(decode(m[2]));
      else lines.push([...m[3]!.matchAll(/<([0-9A-Fa-f]*)>/g)].map((x) => decode(x[1]!)).join(''));
    }
  }
  return lines.join('\n');
}

/** A ToUnicode CMap's `bfchar` and `bfrange` entries: 4-hex-digit glyph id → text. */
function toUnicodeMap(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  const utf16 = (hex: string) => String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(m[1]!.toUpperCase(), utf16(m[2]!));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const [from, to, start] = [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
      for (let g = from; g <= to; g++) map.set(g.toString(16).toUpperCase().padStart(4, '0'), String.fromCodePoint(start + g - from));
    }
  }
  return map;
}
