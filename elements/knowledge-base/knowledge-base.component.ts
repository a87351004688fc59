import './messages.js';
import { css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { GpElement } from '../core/base.js';
import { stack, tokens } from '../core/styles.js';
import { controls, toggles } from '../core/controls.js';
import type { ApiResponse } from '../core/api-client.js';
import { formatDate, languageName } from '../core/format.js';

type ArticleSummary = ApiResponse<'/kb/articles'>['data'][number];

/**
 * @tag gp-knowledge-base
 * @summary Searchable knowledge-base articles: a search box (results while typing, words
 * highlighted), topics, and the article itself.
 *
 * Articles are Markdown, rendered with marked and sanitised with DOMPurify (both loaded
 * only when an article is opened) into DOM nodes, never through innerHTML of a string,
 * so a hostile article cannot run script in the portal.
 *
 * @slot empty - Your own words (and links) for the empty state, shown instead of the element's text when there is nothing to show.
 * @csspart search - The search field.
 * @csspart results - The result list.
 * @csspart article - The open article.
 * @csspart fallback - The mark on an article shown in another language than the reader's (the host's default).
 */
export class GpKnowledgeBase extends GpElement {
  static override styles = [
    tokens,
    controls,
    toggles,
    stack,
    css`
      .result {
        border: 1px solid var(--_border);
        background: var(--_surface);
        color: var(--_text);
        border-radius: var(--_radius);
        padding: 0.2em 0.7em;
        min-height: 2rem;
        text-align: start;
      }
      ul {
        list-style: none;
        padding: 0;
        margin: 0;
        display: flex;
        flex-direction: column;
        gap: 0.4rem;
      }
      .result {
        width: 100%;
        padding: 0.5rem 0.75rem;
      }
      .result strong {
        display: block;
        color: var(--_primary);
      }
      mark {
        background: color-mix(in srgb, var(--_warning) 25%, transparent);
        color: inherit;
      }
      .fallback {
        font-size: 0.8em;
        font-weight: normal;
        color: var(--_muted);
        border: 1px solid var(--_border);
        border-radius: 999px;
        padding: 0 0.5em;
        margin-inline-start: 0.4em;
      }
      .muted {
        color: var(--_muted);
        font-size: 0.88em;
      }
      article {
        overflow-wrap: anywhere;
      }
      article pre,
      article code {
        background: var(--_surface-2);
        border-radius: 4px;
        padding: 0 0.25em;
      }
    `,
  ];

  /** Slug of the article to show (the portal may set it from `gp-kb-article-requested`). */
  @property({ reflect: true }) article = '';

  @state() private query = '';
  @state() private category = '';
  @state() private debounced = '';
  #timer?: ReturnType<typeof setTimeout>;

  private readonly results = new Task(this, {
    task: async ([gp, q, category], { signal }) => {
      if (!gp) return undefined;
      return gp.api.get('/kb/articles', { signal, query: { q: q || undefined, 'filter[category]': category || undefined, limit: 20 } });
    },
    args: () => [this.gp, this.debounced, this.category] as const,
  });

  private readonly open = new Task(this, {
    task: async ([gp, slug], { signal }) => {
      if (!gp || !slug) return undefined;
      const [doc, { marked }, { default: DOMPurify }] = await Promise.all([
        gp.api.get(`/kb/articles/${encodeURIComponent(slug)}`, { signal }),
        import('marked'),
        import('dompurify'),
      ]);
      const html = await marked.parse(doc.data.attributes.body, { gfm: true });
      // Nodes, not a string: nothing here goes through innerHTML of the portal's document.
      const body = DOMPurify.sanitize(html, { RETURN_DOM_FRAGMENT: true, FORBID_TAGS: ['style', 'form', 'input'], FORBID_ATTR: ['style'] });
      return { article: doc.data, body };
    },
    args: () => [this.gp, this.article] as const,
  });

  #search(value: string) {
    this.query = value;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => (this.debounced = value.trim()), 300);
  }

  protected override render() {
    if (!this.gp) return this.renderNoProvider();
    const t = this.localize;
    if (this.article) {
      return html`<div class="base">
        <button class="link" @click=${() => (this.article = '')}>${t.term('kbBack')}</button>
        ${this.open.render({
          pending: () => this.renderLoading(4),
          complete: (v) =>
            v
              ? html`<article part="article" lang=${v.article.attributes.locale}>
                  <h3>${v.article.attributes.title}</h3>
                  <p class="muted" lang=${this.locale}>
                    ${v.article.attributes.category} · ${t.term('updatedOn', formatDate(v.article.attributes.updatedAt, this.locale))}${this.#fallback(v.article.attributes)}
                  </p>
                  ${v.body}
                </article>`
              : nothing,
          error: (e) =>
            this.renderError(e, () => void this.open.run(), this.localize.term('articlesFailed'), this.localize.term('kbSystem')),
        })}
      </div>`;
    }
    const doc = this.results.value;
    const categories = doc?.meta?.categories ?? [];
    return html`<div class="base">
      <div class="field">
        <label for="q">${t.term('kbSearch')}</label>
        <input id="q" part="search" type="search" .value=${this.query} @input=${(e: InputEvent) => this.#search((e.target as HTMLInputElement).value)} />
      </div>
      <div class="topics toggles" role="group" aria-label=${t.term('kbCategories')}>
        <button aria-pressed=${String(!this.category)} @click=${() => (this.category = '')}>${t.term('kbAll')}</button>
        ${categories.map((c) => html`<button aria-pressed=${String(this.category === c.name)} @click=${() => (this.category = c.name)}>${c.name} (${c.count})</button>`)}
      </div>
      ${this.results.render({
        pending: () => (doc ? this.#renderResults(doc.data) : this.renderLoading(3)),
        complete: (d) => this.#renderResults(d?.data ?? []),
        error: (e) =>
          this.renderError(e, () => void this.results.run(), this.localize.term('articlesFailed'), this.localize.term('kbSystem')),
      })}
    </div>`;
  }

  /** Marks an article the host had only in another language ("in English"), in the reader's language. */
  #fallback(a: { fallback?: boolean; locale: string }) {
    if (!a.fallback) return nothing;
    return html` <span class="fallback" part="fallback" lang=${this.locale}>${this.localize.term('kbFallback', languageName(a.locale, this.locale))}</span>`;
  }

  #renderResults(items: ArticleSummary[]) {
    const t = this.localize;
    if (!items.length) return html`<div class="state"><slot name="empty">${t.term('kbNoResults')}</slot></div>`;
    return html`<p class="muted" role="status">${t.term('kbResults', items.length)}</p>
      <ul part="results">
        ${items.map(
          (a) => html`<li>
            <button class="result" lang=${a.attributes.locale} @click=${() => (this.article = a.id)}>
              <strong>${a.attributes.title}</strong>${this.#fallback(a.attributes)}
              <span class="muted">${a.attributes.snippet ? a.attributes.snippet.map((p) => (p.match ? html`<mark>${p.text}</mark>` : p.text)) : a.attributes.category}</span>
            </button>
          </li>`,
        )}
      </ul>`;
  }
}
