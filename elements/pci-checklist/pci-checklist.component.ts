import './messages.js';
import { html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { GpElement } from '../core/base.js';
import { stack, tokens } from '../core/styles.js';
import { controls } from '../core/controls.js';
import { ApiError, type ApiRequest, type Schemas } from '../core/api-client.js';
import { formatDate } from '../core/format.js';
import { styles } from './pci-checklist.styles.js';

export type PciChecklistItem = Schemas['PciChecklistItem'];
export type PciItemStatus = PciChecklistItem['status'];
type Requirement = Schemas['PciRequirement'];
type Progress = Requirement['attributes']['progress'];
/** What the form sends; the form's strings are checked by the host (422 with a pointer). */
type ItemUpdate = ApiRequest<`/pci/items/${string}`, 'patch'>['data']['attributes'];

export interface PciItemSavedDetail {
  id: string;
  status: PciItemStatus;
}

const STATUSES: PciItemStatus[] = ['not_started', 'in_progress', 'in_place', 'not_applicable'];
const SAQS = ['A', 'A-EP', 'B', 'B-IP', 'C', 'C-VT', 'D-Merchant', 'D-SP', 'P2PE', 'SPoC'];

/**
 * @tag gp-pci-checklist
 * @summary The PCI DSS v4.0.1 requirements as a checklist the customer works through:
 * each requirement expands to the items a hosted customer acts on, with what it means in
 * plain words, how to fix it, who is responsible (provider, customer or shared) and the
 * SAQ types. Status, owner and evidence are saved per item and survive everything; items
 * the provider's content changed since the customer's last review are flagged. Filters by
 * status, responsibility and SAQ type; print, and export CSV for an assessor.
 *
 * Editing needs the customer role; others read.
 *
 * @fires gp-pci-item-saved - An item was saved; `detail`: id, status.
 *
 * @csspart progress - The overall progress.
 * @csspart filters - The filters.
 * @csspart requirement - One requirement section.
 * @csspart item - One item.
 */
export class GpPciChecklist extends GpElement {
  static override styles = [tokens, controls, stack, styles];

  @state() private open = new Set<string>();
  @state() private filter = { status: '', responsibility: '', saq: '', changed: false };
  @state() private busy = '';
  @state() private errors: Record<string, { field?: string; text: string }> = {};
  @state() private message = '';
  @state() private printing = false;

  #afterPrint = () => (this.printing = false);

  private readonly checklist = new Task(this, {
    task: async ([gp, lang], { signal }) => {
      if (!gp) return undefined;
      const [doc, session] = await Promise.all([gp.api.get('/pci/checklist', { signal, query: { lang } }), gp.session()]);
      return { requirements: doc.data, meta: doc.meta, canEdit: !session || session.roles.includes('customer') };
    },
    args: () => [this.gp, this.#lang] as const,
  });

  constructor() {
    super();
    this.listen('pci', () => void this.checklist.run());
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('afterprint', this.#afterPrint);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('afterprint', this.#afterPrint);
  }

  get #lang(): 'en' | 'de' {
    return this.locale.toLowerCase().startsWith('de') ? 'de' : 'en';
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    for (const bar of this.renderRoot.querySelectorAll<HTMLElement>('.bar > div')) bar.style.setProperty('transform', `scaleX(${bar.dataset.share ?? 0})`);
  }

  #matches(i: PciChecklistItem): boolean {
    const f = this.filter;
    return (!f.status || i.status === f.status) && (!f.responsibility || i.responsibility === f.responsibility) && (!f.saq || (i.saq as string[]).includes(f.saq)) && (!f.changed || i.changedSinceReview);
  }

  #toggle(id: string) {
    const open = new Set(this.open);
    if (open.has(id)) open.delete(id);
    else open.add(id);
    this.open = open;
  }

  async #save(item: PciChecklistItem, form: HTMLFormElement, extra: Record<string, unknown> = {}) {
    const data = new FormData(form);
    const attributes = {
      status: String(data.get('status')),
      owner: String(data.get('owner') ?? ''),
      reason: String(data.get('reason') ?? ''),
      evidenceNotes: String(data.get('evidenceNotes') ?? ''),
      evidenceLinks: String(data.get('evidenceLinks') ?? '')
        .split(/\s*\n\s*/)
        .map((l) => l.trim())
        .filter(Boolean),
      ...extra,
    } as ItemUpdate;
    this.busy = item.id;
    this.message = '';
    const { [item.id]: _dropped, ...rest } = this.errors;
    this.errors = rest;
    try {
      const doc = await this.gp!.api.send('PATCH', `/pci/items/${encodeURIComponent(item.id)}`, { data: { type: 'pci-items', attributes } }, { query: { lang: this.#lang } });
      this.message = this.localize.term('saved', item.id);
      this.emit<PciItemSavedDetail>('gp-pci-item-saved', { id: item.id, status: doc.data.attributes.status });
      await this.checklist.run();
    } catch (err) {
      const first = err instanceof ApiError ? err.errors[0] : undefined;
      this.errors = { ...this.errors, [item.id]: { field: first?.source?.pointer?.split('/')[3], text: err instanceof ApiError ? err.message : String(err) } };
    } finally {
      this.busy = '';
    }
  }

  async #export() {
    try {
      const blob = await this.gp!.api.blob('/pci/checklist.csv', { query: { lang: this.#lang } });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = 'pci-dss-checklist.csv';
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      this.message = err instanceof ApiError ? err.message : String(err);
    }
  }

  async #print() {
    this.printing = true;
    await this.updateComplete;
    window.print();
  }

  protected override render() {
    if (!this.gp) return this.renderNoProvider();
    return html`<section class="base" aria-labelledby="pci-title">
      ${this.checklist.render({
        pending: () => (this.checklist.value ? this.#renderList(this.checklist.value) : this.renderLoading(5)),
        complete: (v) => (v ? this.#renderList(v) : nothing),
        error: (e) => this.renderError(e, () => void this.checklist.run(), this.localize.term('pciFailed'), this.localize.term('pciSystem')),
      })}
    </section>`;
  }

  #renderList(v: { requirements: Requirement[]; meta: { version: string; progress: Progress }; canEdit: boolean }) {
    const t = this.localize;
    const p = v.meta.progress;
    const filtering = !!(this.filter.status || this.filter.responsibility || this.filter.saq || this.filter.changed);
    const visible = v.requirements.map((r) => ({ r, items: r.attributes.items.filter((i) => this.#matches(i)) })).filter((x) => !filtering || x.items.length);
    const select = (name: 'status' | 'responsibility' | 'saq', label: string, options: [string, string][]) => html`<div class="field">
      <label for=${`f-${name}`}>${label}</label>
      <select id=${`f-${name}`} .value=${this.filter[name]} @change=${(e: Event) => (this.filter = { ...this.filter, [name]: (e.target as HTMLSelectElement).value })}>
        <option value="">${t.term('filterAny')}</option>
        ${options.map(([value, text]) => html`<option value=${value} ?selected=${this.filter[name] === value}>${text}</option>`)}
      </select>
    </div>`;
    return html`<header>
        <h2 id="pci-title">${t.term('pciTitle', v.meta.version)}</h2>
        <button class="button secondary" @click=${this.#print}>${t.term('print')}</button>
        <button class="button secondary" @click=${this.#export}>${t.term('exportCsv')}</button>
      </header>
      <div part="progress">
        <div class="bar" role="progressbar" aria-label=${t.term('pciProgress', p.done, p.total)} aria-valuemin="0" aria-valuemax=${p.total} aria-valuenow=${p.done}><div data-share=${p.share}></div></div>
        <span class="muted">${t.term('pciProgress', p.done, p.total)}</span>
      </div>
      <div class="filters" part="filters">
        ${select('status', t.term('filterStatus'), STATUSES.map((s) => [s, t.term('itemStatus')[s]!]))}
        ${select('responsibility', t.term('filterResponsibility'), (['provider', 'customer', 'shared'] as const).map((s) => [s, t.term('responsibility')[s]!]))}
        ${select('saq', t.term('filterSaq'), SAQS.map((s) => [s, s]))}
        <label class="check"><input type="checkbox" .checked=${this.filter.changed} @change=${(e: Event) => (this.filter = { ...this.filter, changed: (e.target as HTMLInputElement).checked })} /> ${t.term('onlyChanged')}</label>
      </div>
      ${this.message ? html`<div class="notice success" role="status">${this.message}</div>` : nothing}
      ${visible.length ? visible.map(({ r, items }) => this.#renderRequirement(r, items, filtering, v.canEdit)) : html`<p class="state" part="state">${t.term('noMatch')}</p>`}`;
  }

  #renderRequirement(r: Requirement, items: PciChecklistItem[], filtering: boolean, canEdit: boolean) {
    const t = this.localize;
    const expanded = this.printing || this.open.has(r.id) || (filtering && items.length > 0);
    const p = r.attributes.progress;
    return html`<section class="requirement" part="requirement" aria-labelledby=${`r-${r.id}`}>
      <h3>
        <button id=${`r-${r.id}`} aria-expanded=${String(expanded)} aria-controls=${`i-${r.id}`} @click=${() => this.#toggle(r.id)}>
          <span>${r.id}. ${r.attributes.title}</span>
          <span class="count">${t.term('requirementProgress', p.done, p.total)}</span>
          <span class="bar" aria-hidden="true"><div data-share=${p.share}></div></span>
        </button>
      </h3>
      ${expanded ? html`<div class="items" id=${`i-${r.id}`}>${items.map((i) => this.#renderItem(i, canEdit))}</div>` : nothing}
    </section>`;
  }

  #renderItem(item: PciChecklistItem, canEdit: boolean) {
    const t = this.localize;
    const err = this.errors[item.id];
    const id = (name: string) => `${name}-${item.id}`;
    const invalid = (field: string) => (err?.field === field ? 'true' : 'false');
    const tone = item.status === 'in_place' ? 'success' : item.status === 'in_progress' ? 'warning' : 'muted';
    return html`<article part="item" aria-labelledby=${id('t')}>
      <h4 id=${id('t')}>${item.id} ${item.title}</h4>
      <div class="meta">
        <span class="badge ${tone}">${t.term('itemStatus')[item.status]}</span>
        <span class="badge muted">${t.term('responsibilityLabel', t.term('responsibility')[item.responsibility] ?? item.responsibility)}</span>
        <span class="muted saq">${t.term('saqLabel', item.saq.join(', '))}</span>
        ${item.changedSinceReview ? html`<span class="badge danger">${t.term('changedBadge')}</span>` : nothing}
      </div>
      <details ?open=${this.printing}>
        <summary>${t.term('whatItMeans')}</summary>
        <p>${item.explanation}</p>
      </details>
      <details ?open=${this.printing}>
        <summary>${t.term('howToFix')}</summary>
        <p>${item.fix}</p>
      </details>
      <form @submit=${(e: Event) => (e.preventDefault(), this.#save(item, e.target as HTMLFormElement))} aria-labelledby=${id('t')}>
        <div class="field">
          <label for=${id('s')}>${t.term('filterStatus')}</label>
          <select id=${id('s')} name="status" ?disabled=${!canEdit} aria-invalid=${invalid('status')}>
            ${STATUSES.map((s) => html`<option value=${s} ?selected=${item.status === s}>${t.term('itemStatus')[s]}</option>`)}
          </select>
        </div>
        <div class="field">
          <label for=${id('o')}>${t.term('owner')}</label>
          <input id=${id('o')} name="owner" maxlength="200" .value=${item.owner} ?disabled=${!canEdit} />
        </div>
        <div class="field">
          <label for=${id('r')}>${t.term('reasonNa')}</label>
          <input id=${id('r')} name="reason" maxlength="1000" .value=${item.reason} ?disabled=${!canEdit} aria-invalid=${invalid('reason')} aria-describedby=${err ? id('e') : nothing} />
        </div>
        <div class="field wide">
          <label for=${id('n')}>${t.term('evidence')}</label>
          <textarea id=${id('n')} name="evidenceNotes" maxlength="4000" .value=${item.evidenceNotes} ?disabled=${!canEdit}></textarea>
        </div>
        <div class="field wide">
          <label for=${id('l')}>${t.term('links')}</label>
          <textarea id=${id('l')} name="evidenceLinks" .value=${item.evidenceLinks.join('\n')} ?disabled=${!canEdit} aria-invalid=${invalid('evidenceLinks')}></textarea>
        </div>
        ${err ? html`<span class="field-error wide" id=${id('e')} role="alert">${err.text}</span>` : nothing}
        <div class="actions wide">
          ${canEdit ? html`<button class="button" type="submit" ?disabled=${this.busy === item.id}>${t.term('save')}</button>` : nothing}
          ${canEdit && item.changedSinceReview
            ? html`<button class="button secondary" type="button" ?disabled=${this.busy === item.id} @click=${(e: Event) => this.#save(item, (e.target as HTMLElement).closest('form')!, { reviewed: true })}>${t.term('markReviewed')}</button>`
            : nothing}
          <span class="muted">${item.reviewedAt ? t.term('lastReviewed', formatDate(item.reviewedAt, this.locale), item.updatedBy ?? '') : t.term('neverReviewed')}</span>
        </div>
      </form>
    </article>`;
  }
}
