import type { Context, MiddlewareHandler } from 'hono';
import { inRequestContext, requestContext, type HostEnv } from './context.js';

/**
 * The language content is written in when nothing else is asked for, and the one every
 * provider's content falls back to: an article, a tier or a role without a variant in the
 * reader's language is shown in this one (and says so), never in a third language.
 */
export const DEFAULT_LANGUAGE = 'en';

/** A BCP 47 language tag as content is labelled with (`en`, `de`, `de-AT`): a primary subtag, then any others. */
export const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/**
 * The reader's languages, most wanted first, as primary subtags (`de-AT` → `de`): `?lang=`
 * first (a link or a portal that knows better), then `Accept-Language` by its q-values.
 * The default language is always last, so a variant can always be picked.
 */
export function requestLanguages(c: Pick<Context, 'req'>): string[] {
  return parseLanguages(c.req.query('lang'), c.req.header('accept-language'));
}

export function parseLanguages(lang?: string | null, acceptLanguage?: string | null): string[] {
  const out: string[] = [];
  if (lang) addPrimary(out, lang);
  if (acceptLanguage) {
    // Plain loops and no closures: this runs on every API request.
    const ranked: { tag: string; q: number; i: number }[] = [];
    const parts = acceptLanguage.split(',');
    for (let i = 0; i < parts.length && i < 20; i++) {
      const [tag = '', ...params] = parts[i]!.split(';');
      let q = 1;
      for (const p of params) {
        const param = p.trim();
        if (param.startsWith('q=')) {
          q = Number(param.slice(2));
          break;
        }
      }
      if (!Number.isFinite(q)) q = 0;
      if (q > 0 && tag.trim() !== '*') ranked.push({ tag, q, i });
    }
    ranked.sort(byQualityThenOrder);
    for (const { tag } of ranked) addPrimary(out, tag);
  }
  addPrimary(out, DEFAULT_LANGUAGE);
  return out;
}

/** Adds a tag's primary subtag (`de-AT` → `de`) once, when it looks like a language. */
function addPrimary(out: string[], tag: string): void {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0]!;
  if (/^[a-z]{2,3}$/.test(primary) && !out.includes(primary)) out.push(primary);
}

const byQualityThenOrder = (a: { q: number; i: number }, b: { q: number; i: number }) => b.q - a.q || a.i - b.i;

/** Of variants in several languages, the one the reader wants most; undefined when none is in a wanted language. */
export function pickVariant<T extends { locale: string }>(variants: readonly T[], languages: readonly string[]): T | undefined {
  for (const lang of languages) {
    const hit = variants.find((v) => v.locale === lang);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * A provider's text with its translations (`{ de: 'Täglich' }`) in the reader's language:
 * the translation when there is one, else the text as written (in the default language).
 */
export function localised(text: string, translations: Readonly<Record<string, string>> | undefined, languages: readonly string[]): string {
  if (!translations) return text;
  for (const lang of languages) {
    if (lang === DEFAULT_LANGUAGE) return text;
    if (translations[lang]) return translations[lang];
  }
  return text;
}

/**
 * Keeps the request's languages for the code that turns stored content into answers
 * (catalog items, protection tiers), so every route that shows a tier or an add-on names
 * it in the reader's language without each one passing the language down.
 */
export const readerLanguagesMiddleware = (): MiddlewareHandler<HostEnv> => (c, next) => {
  const languages = requestLanguages(c);
  c.header('Content-Language', languages[0]!);
  c.header('Vary', 'Accept-Language', { append: true });
  c.set('languages', languages);
  return inRequestContext(c, next);
};

/** The languages of the request being answered; the default language outside one (jobs, the CLI). */
export const readerLanguages = (): string[] => requestContext()?.get('languages') ?? [DEFAULT_LANGUAGE];

/** `{ de: { name: 'Täglich' } }` as staff write it: per language, the fields they translated. */
export type Translations<K extends string> = Record<string, Partial<Record<K, string>>>;

/** One field of a provider's content in the reader's language (`readerLanguages()`). */
export function translated<K extends string>(
  text: string,
  translations: Translations<K> | undefined,
  field: K,
  languages: readonly string[] = readerLanguages(),
): string {
  if (!translations) return text;
  const byLanguage: Record<string, string> = {};
  for (const [lang, fields] of Object.entries(translations)) if (fields?.[field]) byLanguage[lang] = fields[field]!;
  return localised(text, byLanguage, languages);
}
