import './messages.js';
import { html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { Task } from '@lit/task';
import { GpElement } from '../core/base.js';
import { stack, tokens } from '../core/styles.js';
import { controls, toggles } from '../core/controls.js';
import { ApiError, type ApiRequest, type ApiResponse, type Schemas } from '../core/api-client.js';
import { formatDate, otherLanguage } from '../core/format.js';
import { styles } from './pci-checklist.styles.js';

export type PciChecklistItem = Schemas['PciChecklistItem'];
export type PciItemStatus = PciChecklistItem['status'];
type Requirement = Schemas['PciRequirement'];
type Progress = Requirement['attributes']['progress'];
type Review = NonNullable<ApiResponse<'/pci/checklist', 'get'>['meta']['lastReview']>;
/** What the form sends; the form's strings are checked by the host (422 with a pointer). */
type ItemUpdate = ApiRequest<`/pci/items/${string}`, 'patch'>['data']['attributes'];
type Loaded = {
  requirements: Requirement[];
  meta: { version: string; progress: Progress; lastReview: Review | null };
  canEdit: boolean;
  canAttest: boolean;
};

/** `gp-pci-reviewed`: who recorded the review and when (ISO instant). */
export interface PciReviewedDetail {
  reviewedBy: string;
  reviewedAt: string;
}

export interface PciItemSavedDetail {
  id: string;
  status: PciItemStatus;
}

const STATUSES: PciItemStatus[] = ['not_started', 'in_progress', 'in_place', 'not_applicable'];
const SAQS = ['A', 'A-EP', 'B', 'B-IP', 'C', 'C-VT', 'D-Merchant', 'D-SP', 'P2PE', 'SPoC'];

/**
 * @tag gp-pci-checklist
 * @summary The PCI DSS v4.0.1 requirements as a workflow the customer works through: items
 * grouped by requirement with progress per group, each collapsed to one line (status,
 * who is responsible, changed since the last review) and opening to what it means, how to
 * fix it and its form. Status chips with counts filter the list, as do responsibility, SAQ
 * type and "Only changed since my review". A reason is asked for only when an item does not
 * apply. Items the provider is responsible for show the provider's attestation instead of
 * a form; shared items show both. "Mark as reviewed" records the customer's review (who,
 * when). Print, and export CSV for an assessor.
 *
 * Editing and reviewing need the customer role; attesting needs the provider's staff or
 * operator role; others read.
 *
 * @fires gp-pci-item-saved - An item was saved; `detail`: id, status.
 * @fires gp-pci-reviewed - The customer recorded a review of the checklist; `detail`: reviewedBy, reviewedAt.
 *
 * @csspart progress - The overall progress.
 * @csspart review - The last review and the button that records one.
 * @csspart chips - The status chips that filter the list.
 * @csspart filters - The other filters.
 * @csspart requirement - One requirement section.
 * @csspart item - One item.
 * @csspart attestation - The provider's attestation of an item.
 * @csspart language - "(written in German)" after an attestation note written in another language than the reader's.
 */
export class GpPciChecklist extends GpElement {
  static override styles = [tokens, controls, toggles, stack, styles];

  @state() private open = new Set<string>();
  @state() private filter = { status: '', responsibility: '', saq: '', changed: false };
  @state() private busy = '';
  @state() private errors: Record<string, { field?: string; text: string }> = {};
  /** The confirmation beside the button that saved, per item (`attest:<id>` for an attestation). */
  @state() private saved: Record<string, string> = {};
  /** The status chosen in an item's form before it is saved: the reason field follows it. */
  @state() private drafts: Record<string, PciItemStatus> = {};
  @state() private message = '';
  @state() private printing = false;

  #afterPrint = () => (this.printing = false);

  private readonly checklist = new Task(this, {
    task: async ([gp, lang], { signal }): Promise<Loaded | undefined> => {
      if (!gp) return undefined;
      const [doc, session] = await Promise.all([gp.api.get('/pci/checklist', { signal, query: { lang } }), gp.session()]);
      const roles = session?.roles ?? [];
      return {
        requirements: doc.data,
        meta: doc.meta,
        canEdit: !session || roles.includes('customer'),
        canAttest: roles.includes('staff') || roles.includes('operator'),
      };
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
    for (const bar of this.renderRoot.querySelectorAll<HTMLElement>('.bar > div'))
      bar.style.setProperty('transform', `scaleX(${bar.dataset.share ?? 0})`);
  }

  /** Every filter but the status chips (the chips' counts follow the other filters). */
  #matchesOthers(i: PciChecklistItem): boolean {
    const f = this.filter;
    return (
      (!f.responsibility || i.responsibility === f.responsibility) &&
      (!f.saq || (i.saq as string[]).includes(f.saq)) &&
      (!f.changed || i.changedSinceReview)
    );
  }

  #matches(i: PciChecklistItem): boolean {
    return (!this.filter.status || i.status === this.filter.status) && this.#matchesOthers(i);
  }

  #toggle(id: string) {
    const open = new Set(this.open);
    if (open.has(id)) open.delete(id);
    else open.add(id);
    this.open = open;
  }

  #clear(key: string) {
    const { [key]: _error, ...errors } = this.errors;
    const { [key]: _saved, ...saved } = this.saved;
    this.errors = errors;
    this.saved = saved;
  }

  #fail(key: string, err: unknown) {
    const first = err instanceof ApiError ? err.errors[0] : undefined;
    this.errors = {
      ...this.errors,
      [key]: { field: first?.source?.pointer?.split('/')[3], text: this.errorReason(err, this.localize.term('pciSystem')) },
    };
  }

  async #save(item: PciChecklistItem, form: HTMLFormElement | null, extra: Partial<ItemUpdate> = {}) {
    const data = form ? new FormData(form) : undefined;
    const attributes = (
      data
        ? {
            status: String(data.get('status')),
            owner: String(data.get('owner') ?? ''),
            ...(data.get('status') === 'not_applicable' ? { reason: String(data.get('reason') ?? '') } : {}),
            evidenceNotes: String(data.get('evidenceNotes') ?? ''),
            evidenceLinks: String(data.get('evidenceLinks') ?? '')
              .split(/\s*\n\s*/)
              .map((l) => l.trim())
              .filter(Boolean),
            ...extra,
          }
        : extra
    ) as ItemUpdate;
    this.#clear(item.id);
    if (attributes.status === 'not_applicable' && !attributes.reason?.trim()) {
      this.errors = { ...this.errors, [item.id]: { field: 'reason', text: this.localize.term('reasonRequired') } };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>(`#r-${CSS.escape(item.id)}`)?.focus();
      return;
    }
    this.busy = item.id;
    try {
      const doc = await this.gp!.api.send(
        'PATCH',
        `/pci/items/${encodeURIComponent(item.id)}`,
        { data: { type: 'pci-items', attributes } },
        { query: { lang: this.#lang } },
      );
      const { [item.id]: _draft, ...drafts } = this.drafts;
      this.drafts = drafts;
      this.saved = { ...this.saved, [item.id]: this.localize.term('saved', item.id) };
      this.emit<PciItemSavedDetail>('gp-pci-item-saved', { id: item.id, status: doc.data.attributes.status });
      await this.checklist.run();
    } catch (err) {
      this.#fail(item.id, err);
    } finally {
      this.busy = '';
    }
  }

  async #attest(item: PciChecklistItem, form: HTMLFormElement) {
    const key = `attest:${item.id}`;
    const data = new FormData(form);
    const note = String(data.get('note') ?? '').trim();
    const link = String(data.get('evidenceLink') ?? '').trim();
    this.#clear(key);
    if (!note) {
      this.errors = { ...this.errors, [key]: { field: 'note', text: this.localize.term('attestNoteRequired') } };
      return;
    }
    this.busy = key;
    try {
      await this.gp!.api.send(
        'PUT',
        `/pci/items/${encodeURIComponent(item.id)}/attestation`,
        // The note is written in the language the staff member works in.
        { data: { type: 'pci-attestations', attributes: { note, evidenceLink: link || null, locale: this.locale } } },
        { query: { lang: this.#lang } },
      );
      this.saved = { ...this.saved, [key]: this.localize.term('attestSaved', item.id) };
      await this.checklist.run();
    } catch (err) {
      this.#fail(key, err);
    } finally {
      this.busy = '';
    }
  }

  async #review() {
    this.busy = 'review';
    this.#clear('review');
    try {
      const doc = await this.gp!.api.send('POST', '/pci/reviews');
      this.saved = { ...this.saved, review: this.localize.term('reviewRecorded') };
      this.emit<PciReviewedDetail>('gp-pci-reviewed', {
        reviewedBy: doc.data.attributes.reviewedBy,
        reviewedAt: doc.data.attributes.reviewedAt,
      });
      await this.checklist.run();
    } catch (err) {
      this.#fail('review', err);
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
      this.message = this.errorReason(err, this.localize.term('pciSystem'));
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
        error: (e) =>
          this.renderError(e, () => void this.checklist.run(), this.localize.term('pciFailed'), this.localize.term('pciSystem')),
      })}
    </section>`;
  }

  #renderList(v: Loaded) {
    const t = this.localize;
    const p = v.meta.progress;
    const all = v.requirements.flatMap((r) => r.attributes.items);
    const visible = v.requirements
      .map((r) => ({ r, items: r.attributes.items.filter((i) => this.#matches(i)) }))
      .filter((x) => x.items.length);
    const others = all.filter((i) => this.#matchesOthers(i));
    const select = (name: 'responsibility' | 'saq', label: string, options: [string, string][]) => html`<div class="field">
      <label for=${`f-${name}`}>${label}</label>
      <select id=${`f-${name}`} .value=${this.filter[name]} @change=${(e: Event) => (this.filter = { ...this.filter, [name]: (e.target as HTMLSelectElement).value })}>
        <option value="">${t.term('filterAny')}</option>
        ${options.map(([value, text]) => html`<option value=${value} ?selected=${this.filter[name] === value}>${text}</option>`)}
      </select>
    </div>`;
    const chip = (status: '' | PciItemStatus) => {
      const label = status ? t.term('itemStatus')[status]! : t.term('filterAny');
      const count = status ? others.filter((i) => i.status === status).length : others.length;
      return html`<button type="button" data-status=${status || 'all'} aria-pressed=${String(this.filter.status === status)} @click=${() => (this.filter = { ...this.filter, status })}>${t.term('chip', label, count)}</button>`;
    };
    const review = v.meta.lastReview;
    const reviewError = this.errors.review;
    return html`<header>
        <h2 id="pci-title">${t.term('pciTitle', v.meta.version)}</h2>
        <button class="button secondary" @click=${this.#print}>${t.term('print')}</button>
        <button class="button secondary" @click=${this.#export}>${t.term('exportCsv')}</button>
      </header>
      <div part="progress">
        <div class="bar" role="progressbar" aria-label=${t.term('pciProgress', p.done, p.total)} aria-valuemin="0" aria-valuemax=${p.total} aria-valuenow=${p.done}><div data-share=${p.share}></div></div>
        <span class="muted">${t.term('pciProgress', p.done, p.total)}</span>
      </div>
      <div class="actions review" part="review">
        <span class="last-review">${review ? t.term('lastReviewed', formatDate(review.reviewedAt, this.locale, { dateStyle: 'medium', timeStyle: 'short' }), review.reviewedBy) : t.term('neverReviewed')}</span>
        ${v.canEdit ? html`<button class="button secondary" type="button" ?disabled=${this.busy === 'review'} @click=${this.#review}>${t.term('markReviewed')}</button>` : nothing}
        <span class="saved" role="status">${this.saved.review ?? ''}</span>
        ${reviewError ? html`<span class="field-error" role="alert">${reviewError.text}</span>` : nothing}
      </div>
      <div class="toggles chips" role="group" aria-label=${t.term('filterStatus')} part="chips">${(['', ...STATUSES] as const).map(chip)}</div>
      <div class="filters" part="filters">
        ${select(
          'responsibility',
          t.term('filterResponsibility'),
          (['provider', 'customer', 'shared'] as const).map((s) => [s, t.term('responsibility')[s]!]),
        )}
        ${select(
          'saq',
          t.term('filterSaq'),
          SAQS.map((s) => [s, s]),
        )}
        <label class="check"><input type="checkbox" .checked=${this.filter.changed} @change=${(e: Event) => (this.filter = { ...this.filter, changed: (e.target as HTMLInputElement).checked })} /> ${t.term('onlyChanged')}</label>
        <span class="actions">
          <button class="link" type="button" @click=${() => (this.open = new Set(all.map((i) => i.id)))}>${t.term('expandAll')}</button>
          <button class="link" type="button" @click=${() => (this.open = new Set())}>${t.term('collapseAll')}</button>
        </span>
      </div>
      ${this.message ? html`<div class="notice danger" role="alert">${this.message}</div>` : nothing}
      ${
        visible.length
          ? repeat(
              visible,
              ({ r }) => r.id,
              ({ r, items }) => this.#renderRequirement(r, items, v),
            )
          : html`<p class="state" part="state">${t.term('noMatch')}</p>`
      }`;
  }

  #renderRequirement(r: Requirement, items: PciChecklistItem[], v: Loaded) {
    const t = this.localize;
    const p = r.attributes.progress;
    return html`<section class="requirement" part="requirement" aria-labelledby=${`h-${r.id}`} data-requirement=${r.id}>
      <div class="requirement-head">
        <h3 id=${`h-${r.id}`}>${r.id}. ${r.attributes.title}</h3>
        <span class="count">${t.term('requirementProgress', p.done, p.total)}</span>
        <span class="bar" role="progressbar" aria-label=${`${r.id}. ${t.term('requirementProgress', p.done, p.total)}`} aria-valuemin="0" aria-valuemax=${p.total} aria-valuenow=${p.done}><div data-share=${p.share}></div></span>
      </div>
      <ul class="items">
        ${repeat(
          items,
          (i) => i.id,
          (i) => this.#renderItem(i, v),
        )}
      </ul>
    </section>`;
  }

  #renderItem(item: PciChecklistItem, v: Loaded) {
    const t = this.localize;
    const open = this.printing || this.open.has(item.id);
    const id = (name: string) => `${name}-${item.id}`;
    const tone = item.status === 'in_place' ? 'success' : item.status === 'in_progress' ? 'warning' : 'muted';
    return html`<li part="item" data-item=${item.id}>
      <h4>
        <button type="button" class="summary" id=${id('t')} aria-expanded=${String(open)} aria-controls=${id('b')} @click=${() => this.#toggle(item.id)}>
          <span class="title">${item.id} ${item.title}</span>
          <span class="meta">
            <span class="badge ${tone}">${t.term('itemStatus')[item.status]}</span>
            <span class="badge muted">${t.term('responsibilityLabel', t.term('responsibility')[item.responsibility] ?? item.responsibility)}</span>
            ${item.changedSinceReview ? html`<span class="badge danger">${t.term('changedBadge')}</span>` : nothing}
          </span>
        </button>
      </h4>
      <div class="body" id=${id('b')} ?hidden=${!open}>
        <p class="muted saq">${t.term('saqLabel', item.saq.join(', '))}</p>
        <details ?open=${this.printing}>
          <summary>${t.term('whatItMeans')}</summary>
          <p>${item.explanation}</p>
        </details>
        <details ?open=${this.printing}>
          <summary>${t.term('howToFix')}</summary>
          <p>${item.fix}</p>
        </details>
        ${item.responsibility === 'customer' ? nothing : this.#renderAttestation(item, v)}
        ${item.responsibility === 'provider' ? this.#renderProviderOnly(item, v) : this.#renderForm(item, v)}
      </div>
    </li>`;
  }

  /** A note in another language than the reader's is marked with it ("written in German"). */
  #writtenIn(tag: string) {
    const language = otherLanguage(tag, this.locale);
    return language
      ? html` <span class="language muted" part="language" lang=${this.locale}>${this.localize.term('noteWrittenIn', language)}</span>`
      : nothing;
  }

  #renderAttestation(item: PciChecklistItem, v: Loaded) {
    const t = this.localize;
    const a = item.attestation;
    const key = `attest:${item.id}`;
    const err = this.errors[key];
    const id = (name: string) => `${name}-${item.id}`;
    return html`<div class="attestation" part="attestation" role="group" aria-labelledby=${id('ap')}>
      <h5 id=${id('ap')}>${t.term('providerPart')}</h5>
      ${
        a
          ? html`<p class="attested"><strong>${t.term('attestedBy', a.provider ?? t.term('yourProvider'), formatDate(a.attestedAt, this.locale))}</strong> <span class="muted">${t.term('attestedPerson', a.attestedBy)}</span></p>
            <p class="note" lang=${a.locale}>${a.note}${this.#writtenIn(a.locale)}</p>
            ${a.evidenceLink ? html`<p><a href=${a.evidenceLink} target="_blank" rel="noopener noreferrer">${t.term('attestationEvidence')}</a></p>` : nothing}`
          : html`<p class="muted">${t.term('pciNotAttested')}</p>`
      }
      ${
        v.canAttest
          ? html`<form class="attest" @submit=${(e: Event) => (e.preventDefault(), this.#attest(item, e.target as HTMLFormElement))}>
            <div class="field wide">
              <label for=${id('an')}>${t.term('attestNote')}</label>
              <textarea id=${id('an')} name="note" maxlength="2000" .value=${a?.note ?? ''} aria-invalid=${err?.field === 'note' ? 'true' : 'false'} aria-describedby=${err ? id('ae') : nothing}></textarea>
            </div>
            <div class="field wide">
              <label for=${id('al')}>${t.term('attestLink')}</label>
              <input id=${id('al')} name="evidenceLink" type="url" maxlength="500" .value=${a?.evidenceLink ?? ''} aria-invalid=${err?.field === 'evidenceLink' ? 'true' : 'false'} />
            </div>
            ${err ? html`<span class="field-error wide" id=${id('ae')} role="alert">${err.text}</span>` : nothing}
            <div class="actions wide">
              <button class="button" type="submit" ?disabled=${this.busy === key}>${t.term('attest')}</button>
              <span class="saved" role="status">${this.saved[key] ?? ''}</span>
            </div>
          </form>`
          : nothing
      }
    </div>`;
  }

  #renderReviewItem(item: PciChecklistItem, v: Loaded, form: boolean) {
    if (!v.canEdit || !item.changedSinceReview) return nothing;
    return html`<button class="button secondary" type="button" ?disabled=${this.busy === item.id} @click=${(e: Event) => this.#save(item, form ? (e.target as HTMLElement).closest('form') : null, { reviewed: true })}>
      ${this.localize.term('markItemReviewed')}
    </button>`;
  }

  #renderProviderOnly(item: PciChecklistItem, v: Loaded) {
    const err = this.errors[item.id];
    return html`<p class="muted">${this.localize.term('providerOnly')}</p>
      ${err ? html`<span class="field-error" role="alert">${err.text}</span>` : nothing}
      <div class="actions">
        ${this.#renderReviewItem(item, v, false)}
        <span class="saved" role="status">${this.saved[item.id] ?? ''}</span>
      </div>`;
  }

  #renderForm(item: PciChecklistItem, v: Loaded) {
    const t = this.localize;
    const err = this.errors[item.id];
    const id = (name: string) => `${name}-${item.id}`;
    const invalid = (field: string) => (err?.field === field ? 'true' : 'false');
    const status = this.drafts[item.id] ?? item.status;
    const canEdit = v.canEdit;
    return html`<form
      @submit=${(e: Event) => (e.preventDefault(), this.#save(item, e.target as HTMLFormElement))}
      @input=${() => this.saved[item.id] && this.#clear(item.id)}
      aria-labelledby=${item.responsibility === 'shared' ? id('yp') : id('t')}
    >
      ${item.responsibility === 'shared' ? html`<h5 class="wide" id=${id('yp')}>${t.term('yourPart')}</h5>` : nothing}
      <div class="field">
        <label for=${id('s')}>${t.term('filterStatus')}</label>
        <select id=${id('s')} name="status" ?disabled=${!canEdit} aria-invalid=${invalid('status')} @change=${(e: Event) => (this.drafts = { ...this.drafts, [item.id]: (e.target as HTMLSelectElement).value as PciItemStatus })}>
          ${STATUSES.map((s) => html`<option value=${s} ?selected=${status === s}>${t.term('itemStatus')[s]}</option>`)}
        </select>
      </div>
      ${
        status === 'not_applicable'
          ? html`<div class="field">
            <label for=${id('r')}>${t.term('reasonNa')}</label>
            <input id=${id('r')} name="reason" maxlength="1000" .value=${item.reason} ?disabled=${!canEdit} aria-required="true" aria-invalid=${invalid('reason')} aria-describedby=${err ? id('e') : nothing} />
          </div>`
          : nothing
      }
      <div class="field">
        <label for=${id('o')}>${t.term('owner')}</label>
        <input id=${id('o')} name="owner" maxlength="200" .value=${item.owner} ?disabled=${!canEdit} aria-invalid=${invalid('owner')} />
      </div>
      <div class="field wide">
        <label for=${id('n')}>${t.term('evidence')}</label>
        <textarea id=${id('n')} name="evidenceNotes" maxlength="4000" .value=${item.evidenceNotes} ?disabled=${!canEdit} aria-invalid=${invalid('evidenceNotes')}></textarea>
      </div>
      <div class="field wide">
        <label for=${id('l')}>${t.term('links')}</label>
        <textarea id=${id('l')} name="evidenceLinks" .value=${item.evidenceLinks.join('\n')} ?disabled=${!canEdit} aria-invalid=${invalid('evidenceLinks')} aria-describedby=${err ? id('e') : nothing}></textarea>
      </div>
      ${err ? html`<span class="field-error wide" id=${id('e')} role="alert">${err.text}</span>` : nothing}
      <div class="actions wide">
        ${canEdit ? html`<button class="button" type="submit" ?disabled=${this.busy === item.id}>${t.term('save')}</button>` : nothing}
        <span class="saved" role="status">${this.saved[item.id] ?? ''}</span>
        ${this.#renderReviewItem(item, v, true)}
        <span class="muted">${item.updatedAt ? t.term('lastChanged', formatDate(item.updatedAt, this.locale), item.updatedBy ?? '') : nothing}</span>
      </div>
    </form>`;
  }
}
