import { sql } from 'kysely';
import type { Db, DialectName } from '../../db/database.js';
import { DEFAULT_LANGUAGE, pickVariant } from '../../language.js';

/** The reader's languages with the default one last (it is always a candidate). */
const withDefault = (languages: readonly string[] = []): string[] => [...new Set([...languages, DEFAULT_LANGUAGE])];

export interface ArticleSummary {
  slug: string;
  title: string;
  category: string;
  locale: string;
  updatedAt: string;
}

export interface Article extends ArticleSummary {
  /** Markdown, exactly as written; the element renders and sanitises it. */
  body: string;
  published: boolean;
}

/** A snippet as text segments; `match` marks the words that matched. Never HTML. */
export type Snippet = { text: string; match: boolean }[];

export interface SearchHit extends ArticleSummary {
  snippet: Snippet;
  rank: number;
}

const START = '\u0002';
const STOP = '\u0003';

/** Words of a query, letters and digits only: nothing of it reaches the FTS syntax. */
export function queryTerms(q: string): string[] {
  return (q.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 12).map((t) => t.toLowerCase());
}

/**
 * Markdown's syntax taken out of a snippet, so people read "choose rescue mode", not
 * "choose **rescue mode**": links and images keep their text, emphasis and code marks and
 * line-start markers (headings, quotes, lists) go. The text stays text (HTML is not parsed).
 */
export function markdownAsText(md: string): string {
  return md
    .replace(/!?\[([^\]\n]*)\]\([^)\n]*\)/g, '$1')
    .replace(/^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d+\.[ \t]+)/gm, '')
    .replace(/\*\*|__|~~|`+/g, '')
    .replace(/(^|[^\p{L}\p{N}])[*_]([^*_\n]+)[*_](?![\p{L}\p{N}])/gu, '$1$2');
}

export function parseSnippet(marked: string): Snippet {
  const out: Snippet = [];
  let match = false;
  // eslint-disable-next-line no-control-regex -- START and END are control characters so that no article text can contain them
  for (const part of markdownAsText(marked).split(/([\u0002\u0003])/)) {
    if (part === START) match = true;
    else if (part === STOP) match = false;
    else if (part) out.push({ text: part.replace(/\s+/g, ' '), match });
  }
  return out;
}

/** A search result row as both dialects' queries select it. */
interface SearchRow {
  slug: string;
  title: string;
  category: string;
  locale: string;
  updated_at: string;
  snippet: string;
  rank: number;
}

/** A result with its rank made higher-is-better by the caller (bm25 is lower-is-better). */
function toSearchHit(r: SearchRow, rank: number): SearchHit {
  return {
    slug: r.slug,
    title: r.title,
    category: r.category,
    locale: r.locale,
    updatedAt: r.updated_at,
    snippet: parseSnippet(r.snippet),
    rank,
  };
}

/**
 * Knowledge-base articles in SQL, full-text searched by the dialect's own engine:
 * SQLite FTS5 (bm25, title weighted ten times the body) or PostgreSQL tsvector
 * (ts_rank, title weight A). Every term is a prefix match, so results appear while typing.
 */
export class KnowledgeBase {
  constructor(
    private readonly db: Db,
    private readonly dialect: DialectName,
    private readonly now: () => Date,
  ) {}

  /** Writes one language's variant of an article; the other languages' variants stay. */
  async upsert(
    slug: string,
    input: { title: string; category: string; body: string; locale: string; published: boolean },
  ): Promise<Article> {
    const values = {
      title: input.title,
      category: input.category,
      body: input.body,
      published: input.published ? 1 : 0,
      updated_at: this.now().toISOString(),
    };
    await this.db
      .insertInto('kb_articles')
      .values({ id: crypto.randomUUID(), slug, locale: input.locale, ...values })
      .onConflict((oc) => oc.columns(['slug', 'locale']).doUpdateSet(values))
      .execute();
    return (await this.get(slug, { includeDrafts: true, languages: [input.locale] }))!;
  }

  /**
   * An article in the first of `languages` it is written in (the default language is always
   * a candidate); `fallback` says it is not in the reader's first language.
   */
  async get(
    slug: string,
    options: { includeDrafts?: boolean; languages?: readonly string[] } = {},
  ): Promise<(Article & { fallback: boolean }) | undefined> {
    let q = this.db.selectFrom('kb_articles').selectAll().where('slug', '=', slug);
    if (!options.includeDrafts) q = q.where('published', '=', 1);
    const languages = withDefault(options.languages);
    const row = pickVariant(await q.execute(), languages);
    return (
      row && {
        slug: row.slug,
        title: row.title,
        category: row.category,
        locale: row.locale,
        updatedAt: row.updated_at,
        body: row.body,
        published: !!row.published,
        fallback: row.locale !== languages[0],
      }
    );
  }

  /** Published articles, each once, in the reader's language or the default one (an article in neither is not listed). */
  async list(options: { category?: string; languages?: readonly string[] } = {}): Promise<(ArticleSummary & { fallback: boolean })[]> {
    const chosen = await this.#chosen(options.languages);
    return [...chosen.values()]
      .filter((a) => !options.category || a.category === options.category)
      .sort((a, b) => a.category.localeCompare(b.category) || a.title.localeCompare(b.title));
  }

  /** The categories of what `list` shows the reader, in the reader's language, with how many articles each. */
  async categories(options: { languages?: readonly string[] } = {}): Promise<{ name: string; count: number }[]> {
    const counts = new Map<string, number>();
    for (const a of (await this.#chosen(options.languages)).values()) counts.set(a.category, (counts.get(a.category) ?? 0) + 1);
    return [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Per slug, the published variant the reader gets. */
  async #chosen(wanted: readonly string[] | undefined): Promise<Map<string, ArticleSummary & { fallback: boolean }>> {
    const languages = withDefault(wanted);
    const rows = await this.db
      .selectFrom('kb_articles')
      .select(['slug', 'title', 'category', 'locale', 'updated_at'])
      .where('published', '=', 1)
      .where('locale', 'in', languages)
      .execute();
    const bySlug = new Map<string, typeof rows>();
    for (const r of rows) bySlug.set(r.slug, [...(bySlug.get(r.slug) ?? []), r]);
    const out = new Map<string, ArticleSummary & { fallback: boolean }>();
    for (const [slug, variants] of bySlug) {
      const r = pickVariant(variants, languages)!;
      out.set(slug, {
        slug,
        title: r.title,
        category: r.category,
        locale: r.locale,
        updatedAt: r.updated_at,
        fallback: r.locale !== languages[0],
      });
    }
    return out;
  }

  /** Searches the variants the reader gets (one per article), ranked; see `#search` for the engines. */
  async search(
    q: string,
    options: { limit?: number; category?: string; any?: boolean; languages?: readonly string[] } = {},
  ): Promise<(SearchHit & { fallback: boolean })[]> {
    const limit = Math.min(options.limit ?? 10, 50);
    const chosen = await this.#chosen(options.languages);
    const hits = await this.#search(q, { ...options, limit: 50 });
    return hits
      .flatMap((h) => (chosen.get(h.slug)?.locale === h.locale ? [{ ...h, fallback: chosen.get(h.slug)!.fallback }] : []))
      .slice(0, limit);
  }

  /** `any`: an article matching any word ranks (suggestions while typing); default: all words. */
  async #search(q: string, options: { limit?: number; category?: string; any?: boolean }): Promise<SearchHit[]> {
    const terms = queryTerms(q);
    if (terms.length === 0) return [];
    const limit = Math.min(options.limit ?? 10, 50);
    const category = options.category ?? null;
    if (this.dialect === 'postgres') {
      const tsquery = terms.map((t) => `${t}:*`).join(options.any ? ' | ' : ' & ');
      const { rows } = await sql<SearchRow>`
        SELECT slug, title, category, locale, updated_at,
               ts_headline('simple', body, query, ${`StartSel=${START}, StopSel=${STOP}, MaxWords=24, MinWords=10, ShortWord=2, MaxFragments=1`}) AS snippet,
               ts_rank(search, query) AS rank
        FROM kb_articles, to_tsquery('simple', ${tsquery}) AS query
        WHERE published = 1 AND search @@ query AND (${category}::text IS NULL OR category = ${category})
        ORDER BY rank DESC, title
        LIMIT ${limit}`.execute(this.db);
      return rows.map((r) => toSearchHit(r, Number(r.rank)));
    }
    const match = terms.map((t) => `"${t}"*`).join(options.any ? ' OR ' : ' ');
    const { rows } = await sql<SearchRow>`
      SELECT a.slug, a.title, a.category, a.locale, a.updated_at,
             snippet(kb_fts, 1, ${START}, ${STOP}, '…', 16) AS snippet,
             bm25(kb_fts, 10.0, 1.0) AS rank
      FROM kb_fts JOIN kb_articles a ON a.rowid = kb_fts.rowid
      WHERE kb_fts MATCH ${match} AND a.published = 1 AND (${category} IS NULL OR a.category = ${category})
      ORDER BY rank, a.title
      LIMIT ${limit}`.execute(this.db);
    // bm25 is lower-is-better; turn it into higher-is-better like ts_rank.
    return rows.map((r) => toSearchHit(r, -Number(r.rank)));
  }
}
