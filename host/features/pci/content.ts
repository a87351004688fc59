import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The PCI DSS checklist's content: the twelve principal requirements with the
 * sub-requirements a hosted customer acts on, in English and German, as versioned data.
 * Providers load new revisions through the API; items whose text changed are flagged.
 */
export const SAQ_TYPES = ['A', 'A-EP', 'B', 'B-IP', 'C', 'C-VT', 'D-Merchant', 'D-SP', 'P2PE', 'SPoC'] as const;
export type SaqType = (typeof SAQ_TYPES)[number];
export const RESPONSIBILITIES = ['provider', 'customer', 'shared'] as const;
export type Responsibility = (typeof RESPONSIBILITIES)[number];
export const CONTENT_LANGUAGES = ['en', 'de'] as const;

const localised = z.object({ en: z.string(), de: z.string() });
export type Localised = z.infer<typeof localised>;

const itemSchema = z.object({
  id: z.string().regex(/^\d{1,2}(\.\d{1,2}){1,3}$/, 'a requirement number such as 8.3.6'),
  title: localised,
  explanation: localised,
  fix: localised,
  responsibility: z.enum(RESPONSIBILITIES),
  saq: z.array(z.enum(SAQ_TYPES)),
});
const requirementSchema = z.object({ id: z.string(), title: localised, items: z.array(itemSchema) });
export const PciContentSchema = z.object({
  standard: z.literal('PCI DSS'),
  version: z.string().min(1),
  revision: z.string().min(1).max(64),
  published: z.iso.date(),
  requirements: z.array(requirementSchema),
});
export type PciContent = z.infer<typeof PciContentSchema>;
export type PciRequirement = z.infer<typeof requirementSchema>;
export type PciItem = z.infer<typeof itemSchema>;

/** Validates a content document; the error lists every problem found, not only the first. */
export function parsePciContent(json: unknown): PciContent {
  const parsed = PciContentSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(`PCI content is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const content = parsed.data;
  const problems: string[] = [];
  if (content.requirements.length !== 12) problems.push(`there must be twelve requirements, not ${content.requirements.length}`);
  content.requirements.forEach((r, i) => {
    if (r.id !== String(i + 1)) problems.push(`requirement ${i + 1} is numbered "${r.id}"`);
    for (const lang of CONTENT_LANGUAGES) if (!r.title[lang].trim()) problems.push(`requirement ${r.id} has no ${lang} title`);
  });
  const seen = new Set<string>();
  for (const r of content.requirements) {
    for (const item of r.items) {
      if (!item.id.startsWith(`${r.id}.`)) problems.push(`item ${item.id} is under requirement ${r.id}`);
      if (seen.has(item.id)) problems.push(`item ${item.id} appears twice`);
      seen.add(item.id);
      for (const field of ['title', 'explanation', 'fix'] as const) {
        for (const lang of CONTENT_LANGUAGES) if (!item[field][lang].trim()) problems.push(`item ${item.id} has an empty ${lang} ${field}`);
      }
      if (!item.saq.length) problems.push(`item ${item.id} names no SAQ type`);
    }
  }
  if (problems.length) throw new Error(`PCI content is invalid: ${problems.join('; ')}`);
  return content;
}

/** The content shipped with the host (`content/pci-dss-<version>.json`). */
export function loadPciContent(version = '4.0.1'): PciContent {
  return parsePciContent(JSON.parse(readFileSync(new URL(`./content/pci-dss-${version}.json`, import.meta.url), 'utf8')));
}

/** A fingerprint of an item's words in every language: it changes exactly when the text does. */
export function contentHash(item: PciItem): string {
  const h = createHash('sha256');
  for (const field of ['title', 'explanation', 'fix'] as const)
    for (const lang of CONTENT_LANGUAGES) h.update(`${field}.${lang}\u0000${item[field][lang]}\u0000`);
  return h.digest('hex').slice(0, 32);
}
