import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';

/**
 * DejaVu Sans (regular and bold, from the `dejavu-fonts-ttf` package), read once per process.
 * It prints Latin (with every accent), Greek and Cyrillic, € and typographic punctuation, where
 * the PDF standard fonts know only WinAnsi and would print "?" for a customer named Łukasz.
 */
let files: Promise<[Buffer, Buffer]> | undefined;

/** Embeds the portal's PDF fonts into `doc` as subsets (only the glyphs used travel). */
export async function embedPdfFonts(doc: PDFDocument): Promise<{ font: PDFFont; bold: PDFFont }> {
  const require = createRequire(import.meta.url);
  files ??= Promise.all([
    readFile(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    readFile(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  ]);
  const [regular, bold] = await files;
  doc.registerFontkit(fontkit);
  return { font: await doc.embedFont(regular, { subset: true }), bold: await doc.embedFont(bold, { subset: true }) };
}

/** `text` with the characters `font` has no glyph for (rare scripts) as "?": a PDF never fails to render. */
export function printable(font: PDFFont, text: string): string {
  const glyphs = new Set(font.getCharacterSet());
  return [...text.replace(/[\u202f\u00a0]/g, ' ')].map((ch) => (glyphs.has(ch.codePointAt(0)!) ? ch : '?')).join('');
}
