import './messages.js';
import '../core/shared-messages.js';
import { html, nothing } from 'lit';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { GpElement } from '../core/base.js';
import { tokens } from '../core/styles.js';
import { controls } from '../core/controls.js';
import { ApiError, type ApiRequest, type Schemas } from '../core/api-client.js';
import { formatDate, formatDuration } from '../core/format.js';
import '../help-now/help-now.component.js';
import { kitTagBeside } from '../core/define.js';
import { AttachmentPicker, attachmentStyles, uploadAttachments } from '../core/attachments.js';
import { duplicateStyles, styles } from './ticket-composer.styles.js';

type Urgency = Schemas['TicketAttributes']['urgency'];
type Deadline = ApiRequest<'/ticket-classifications', 'post'>['data']['attributes']['deadline'];
interface Suggestion {
  slug: string;
  title: string;
  snippet: { text: string; match: boolean }[];
}
interface Draft {
  subject: string;
  description: string;
  serviceId: string;
  urgency: Urgency | '';
}

export interface TicketCreatedDetail {
  id: string;
  number: string;
  urgency: Urgency;
}
/** `gp-before-send-ticket`: the ticket about to be sent; cancel it to stop it (nothing is sent, the draft stays). */
export interface BeforeSendTicketDetail {
  subject: string;
  urgency: Urgency;
  serviceId: string | null;
}
export interface ArticleRequestedDetail {
  slug: string;
}

const URGENCIES: Urgency[] = ['blocker', 'critical', 'major', 'minor'];

/** A subject as people mean it: case, accents, punctuation and spacing do not make it another one. */
export const normalizeSubject = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
const DRAFT_KEY = 'gp-ticket-draft';

/**
 * @tag gp-ticket-composer
 * @summary Opens a support ticket: subject, description, the affected service, and an
 * urgency the customer chooses, helped by three questions that propose a level with its
 * reason and the contract's response time. Knowledge-base articles that may already answer
 * the question appear while the customer types.
 *
 * The draft survives a reload (kept in this browser until sent). A suggested article opens
 * in place (Markdown rendered and sanitised) with a way back to the draft; opening one and
 * leaving without sending counts as a deflection for the provider's statistics. A ticket
 * with the subject and affected service of one still open is flagged before it is sent.
 * "Affected service" lists the tenant's servers as the servers route has them now, and its
 * configured services. After a blocker or critical ticket it shows whom to call now
 * (`gp-help-now`) and the contract's answer time counting down. Text is sent exactly as typed.
 * When the tenant's support provider keeps files, an attach control takes screenshots and
 * logs within its limits (size, count, type: checked before sending) and sends them with the
 * ticket; chosen files are not part of the kept draft.
 *
 * @fires gp-before-send-ticket - The ticket is about to be sent; cancelable: `preventDefault()` stops it (nothing is sent, the draft
 * stays). `detail`: subject, urgency, serviceId.
 * @fires gp-ticket-created - A ticket was opened; `detail`: id, number, urgency.
 * @fires gp-kb-article-requested - The customer opened a suggested article (shown in place); `detail.slug`.
 *
 * @csspart form - The form.
 * @csspart helper - The urgency helper.
 * @csspart suggestions - Suggested articles.
 * @csspart article - A suggested article opened in place.
 * @csspart duplicate - The warning about an open ticket like this one.
 * @csspart attach - The attach control (only when the support provider keeps files).
 * @csspart after - What follows a blocker or critical ticket: whom to call and the answer time.
 */
export class GpTicketComposer extends GpElement {
  static override styles = [tokens, controls, attachmentStyles, styles, duplicateStyles];

  @state() private draft: Draft = readDraft();
  @state() private helping = false;
  @state() private answers: { immediate?: boolean; manyAffected?: boolean; deadline?: Deadline } = {};
  @state() private proposal: { urgency: Urgency; reason: string; responseMinutes: number } | null = null;
  @state() private suggestions: Suggestion[] = [];
  @state() private errors: Record<string, string> = {};
  @state() private message: { tone: 'error' | 'success'; text: string } | null = null;
  @state() private sending = false;
  /** The suggested article shown in place of the form. */
  @state() private reading: { slug: string; title: string; body: DocumentFragment } | null = null;
  /** An open ticket like the draft, found when sending; sending again confirms. */
  @state() private duplicate: { id: string; number: string; subject: string } | null = null;
  /** The last blocker or critical ticket sent: its answer-time promise counts down. */
  @state() private promise: { number: string; urgency: Urgency; dueAt: Date } | null = null;

  /** The clock the answer-time countdown reads; pages and tests may replace it. */
  @property({ attribute: false }) now: () => Date = () => new Date();

  #tick?: ReturnType<typeof setInterval>;
  #duplicateConfirmed = '';

  #searchTimer?: ReturnType<typeof setTimeout>;
  #searchAbort?: AbortController;
  readonly #opened = new Set<string>();
  #sent = false;

  private readonly picker = new AttachmentPicker(this, this.localize);

  /** Whether (and within which limits) files can be attached; without an answer, no attach control. */
  private readonly attachPolicy = new Task(this, {
    task: async ([gp], { signal }) => {
      if (!gp) return null;
      this.picker.policy = await gp.api.get('/ticket-attachment-policy', { signal }).then(
        (d) => d.data.attributes,
        () => null,
      );
      return this.picker.policy;
    },
    args: () => [this.gp] as const,
  });

  /** The tenant's servers as the servers route has them now (read again when the list is opened), and its configured services. */
  private readonly services = new Task(this, {
    task: async ([gp], { signal }) => {
      if (!gp) return { servers: [], services: [] };
      const [servers, services] = await Promise.all([
        gp.api.get('/servers', { signal, query: { 'page[size]': 100 } }).then(
          (d) => d.data,
          () => [],
        ),
        gp.api.get('/services', { signal }).then(
          (d) => d.data,
          () => [],
        ),
      ]);
      return {
        servers: servers.map((s) => ({ id: s.id, name: s.attributes.name })),
        services: services.map((s) => ({ id: s.id, name: s.attributes.name })),
      };
    },
    args: () => [this.gp] as const,
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#searchTimer);
    clearInterval(this.#tick);
    this.#tick = undefined;
    // Read an article, then left without sending: the article answered the question.
    if (!this.#sent && this.#opened.size && this.gp) {
      for (const slug of this.#opened) {
        void this.gp.api
          .send('POST', '/kb/deflections', {
            data: { type: 'kb-deflections', attributes: { slug, query: this.draft.subject.slice(0, 300) } },
          })
          .catch(() => undefined);
      }
    }
  }

  #update(patch: Partial<Draft>) {
    this.draft = { ...this.draft, ...patch };
    try {
      localStorage.setItem(DRAFT_KEY, JSON.stringify(this.draft));
    } catch {
      // storage blocked: the draft lives as long as the page
    }
    if ('subject' in patch || 'description' in patch) this.#scheduleSearch();
  }

  /** Debounced: one search 400 ms after typing stops, the previous one aborted. */
  #scheduleSearch() {
    clearTimeout(this.#searchTimer);
    this.#searchTimer = setTimeout(async () => {
      const q = `${this.draft.subject} ${this.draft.description}`
        .trim()
        .split(/\s+/)
        .filter((w) => w.length > 3)
        .slice(0, 6)
        .join(' ');
      if (!q || !this.gp) return void (this.suggestions = []);
      this.#searchAbort?.abort();
      this.#searchAbort = new AbortController();
      try {
        const doc = await this.gp.api.get('/kb/articles', { signal: this.#searchAbort.signal, query: { q, limit: 3, match: 'any' } });
        this.suggestions = doc.data.map((a) => ({ slug: a.id, title: a.attributes.title, snippet: a.attributes.snippet ?? [] }));
      } catch {
        // Suggestions are a help, not a requirement: a failed search shows none.
      }
    }, 400);
  }

  async #propose() {
    const { immediate, manyAffected, deadline } = this.answers;
    if (immediate === undefined || manyAffected === undefined || !deadline) return;
    try {
      const doc = await this.gp!.api.send('POST', '/ticket-classifications', {
        data: { type: 'ticket-classifications', attributes: { immediate, manyAffected, deadline } },
      });
      this.proposal = doc.data.attributes;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#proposal')?.focus();
    } catch (err) {
      this.message = {
        tone: 'error',
        text: this.describeError(err, this.localize.term('proposalFailed'), this.localize.term('ticketSystem')),
      };
    }
  }

  async #send(e: Event) {
    e.preventDefault();
    const errors: Record<string, string> = {};
    if (this.draft.subject.trim().length < 3) errors.subject = this.localize.term('required');
    if (!this.draft.description.trim()) errors.description = this.localize.term('required');
    if (!this.draft.urgency) errors.urgency = this.localize.term('required');
    this.errors = errors;
    if (Object.keys(errors).length) {
      this.renderRoot.querySelector<HTMLElement>(`[name="${Object.keys(errors)[0]}"]`)?.focus();
      return;
    }
    const { subject, urgency, serviceId } = this.draft;
    if (
      !this.emit<BeforeSendTicketDetail>(
        'gp-before-send-ticket',
        { subject, urgency: urgency as Urgency, serviceId: serviceId || null },
        { cancelable: true },
      )
    )
      return;
    this.sending = true;
    this.message = null;
    try {
      const twin = await this.#openTwin();
      if (twin && this.#duplicateConfirmed !== twin.id) {
        this.duplicate = twin;
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLElement>('[part="duplicate"]')?.focus();
        return;
      }
      const doc = await this.gp!.api.send('POST', '/tickets', {
        data: {
          type: 'tickets',
          attributes: {
            subject: this.draft.subject,
            description: this.draft.description,
            urgency: this.draft.urgency as Urgency,
            ...(this.draft.serviceId ? { serviceId: this.draft.serviceId } : {}),
          },
        },
      });
      this.#sent = true;
      // The ticket exists: its draft goes now, before anything else is awaited.
      localStorage.removeItem(DRAFT_KEY);
      this.message = { tone: 'success', text: this.localize.term('ticketCreated', doc.data.attributes.number) };
      if (this.picker.files.length) {
        // The ticket is open either way: a refused upload says why and where to attach them again.
        try {
          await uploadAttachments(this.gp!.api, doc.data.id, null, this.picker.files);
        } catch (err) {
          const what = this.localize.term('ticketCreatedFilesFailed', doc.data.attributes.number);
          this.message = { tone: 'error', text: this.describeError(err, what, this.localize.term('ticketSystem')) };
        }
        this.picker.clear();
      }
      this.emit<TicketCreatedDetail>('gp-ticket-created', {
        id: doc.data.id,
        number: doc.data.attributes.number,
        urgency: doc.data.attributes.urgency,
      });
      const { urgency, createdAt, number } = doc.data.attributes;
      if (urgency === 'blocker' || urgency === 'critical') {
        const minutes = await this.gp!.api.get('/support-contract').then(
          (c) => c.data.attributes[urgency]?.responseMinutes,
          () => undefined,
        );
        this.promise = minutes === undefined ? null : { number, urgency, dueAt: new Date(Date.parse(createdAt) + minutes * 60_000) };
        this.#startTicking();
      } else this.promise = null;
      this.draft = { subject: '', description: '', serviceId: '', urgency: '' };
      this.duplicate = null;
      this.#duplicateConfirmed = '';
      this.proposal = null;
      this.suggestions = [];
    } catch (err) {
      if (err instanceof ApiError) {
        const fields: Record<string, string> = {};
        for (const x of err.errors) {
          const f = x.source?.pointer?.split('/').pop();
          if (f) fields[f] = x.detail ?? x.title;
        }
        this.errors = fields;
      }
      // The draft stays: after an outage the same ticket can be sent again.
      this.message = {
        tone: 'error',
        text: this.describeError(err, this.localize.term('ticketFailed'), this.localize.term('ticketSystem')),
      };
    } finally {
      this.sending = false;
    }
  }

  /** An open ticket with the draft's subject (normalised) about the same service, or none. */
  async #openTwin(): Promise<{ id: string; number: string; subject: string } | null> {
    const subject = normalizeSubject(this.draft.subject);
    const doc = await this.gp!.api.get('/tickets', { query: { 'page[size]': 100 } }).catch(() => null);
    const twin = doc?.data.find((t) => {
      const a = t.attributes;
      if (a.status === 'closed' || a.status === 'resolved' || normalizeSubject(a.subject) !== subject) return false;
      return !this.draft.serviceId || !a.serviceId || a.serviceId === this.draft.serviceId;
    });
    return twin ? { id: twin.id, number: twin.attributes.number, subject: twin.attributes.subject } : null;
  }

  #startTicking() {
    clearInterval(this.#tick);
    this.#tick = setInterval(() => this.requestUpdate(), 15_000);
  }

  /** Opens a suggested article in place of the form; the draft stays as it is. */
  async #open(slug: string) {
    this.#opened.add(slug);
    this.emit<ArticleRequestedDetail>('gp-kb-article-requested', { slug });
    try {
      const [doc, { marked }, { default: DOMPurify }] = await Promise.all([
        this.gp!.api.get(`/kb/articles/${encodeURIComponent(slug)}`),
        import('marked'),
        import('dompurify'),
      ]);
      const rendered = await marked.parse(doc.data.attributes.body, { gfm: true });
      // Nodes, not a string: nothing here goes through innerHTML of the portal's document.
      const body = DOMPurify.sanitize(rendered, {
        RETURN_DOM_FRAGMENT: true,
        FORBID_TAGS: ['style', 'form', 'input'],
        FORBID_ATTR: ['style'],
      });
      this.reading = { slug, title: doc.data.attributes.title, body };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[part="article"] h3')?.focus();
    } catch (err) {
      this.message = { tone: 'error', text: this.errorReason(err, this.localize.term('ticketSystem')) };
    }
  }

  async #backToDraft() {
    const slug = this.reading?.slug;
    this.reading = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-slug="${slug}"]`)?.focus();
  }

  protected override render() {
    if (!this.gp) return this.renderNoProvider();
    const t = this.localize;
    if (this.reading) {
      return html`<article part="article" class="article">
        <button type="button" class="link" @click=${this.#backToDraft}>${t.term('backToDraft')}</button>
        <h3 tabindex="-1">${this.reading.title}</h3>
        ${this.reading.body.cloneNode(true)}
        <button type="button" class="button secondary" @click=${this.#backToDraft}>${t.term('backToDraft')}</button>
      </article>`;
    }
    const err = (name: string) =>
      this.errors[name] ? html`<span class="field-error" id=${`e-${name}`}>${this.errors[name]}</span>` : nothing;
    const invalid = (name: string) => (this.errors[name] ? 'true' : 'false');
    return html`<form part="form" novalidate @submit=${this.#send} aria-label=${t.term('newTicket')}>
      <div class="field">
        <label for="f-subject">${t.term('subject')}</label>
        <input id="f-subject" name="subject" maxlength="300" .value=${this.draft.subject} aria-invalid=${invalid('subject')} aria-describedby=${this.errors.subject ? 'e-subject' : nothing}
          @input=${(e: InputEvent) => this.#update({ subject: (e.target as HTMLInputElement).value })} />
        ${err('subject')}
      </div>
      <div class="field">
        <label for="f-description">${t.term('description')}</label>
        <textarea id="f-description" name="description" .value=${this.draft.description} aria-invalid=${invalid('description')} aria-describedby=${this.errors.description ? 'e-description' : nothing}
          @input=${(e: InputEvent) => this.#update({ description: (e.target as HTMLTextAreaElement).value })}></textarea>
        ${err('description')}
      </div>
      ${this.attachPolicy.value ? this.picker.render('f-files') : nothing}
      ${
        this.suggestions.length
          ? html`<section class="suggestions" part="suggestions" aria-live="polite">
            <h3>${t.term('suggestions')}</h3>
            <ul>
              ${this.suggestions.map(
                (s) => html`<li>
                  <button type="button" data-slug=${s.slug} @click=${() => this.#open(s.slug)}>${s.title}</button>
                  <span class="snippet">${s.snippet.map((p) => (p.match ? html`<mark>${p.text}</mark>` : p.text))}</span>
                </li>`,
              )}
            </ul>
          </section>`
          : nothing
      }
      <div class="field">
        <label for="f-service">${t.term('service')}</label>
        <select id="f-service" name="serviceId" .value=${this.draft.serviceId} @focus=${() => void this.services.run()} @change=${(e: Event) => this.#update({ serviceId: (e.target as HTMLSelectElement).value })}>
          <option value="">${t.term('noService')}</option>
          ${
            this.services.value?.servers.length
              ? html`<optgroup label=${t.term('affectedServers')}>${this.services.value.servers.map((s) => html`<option value=${s.id} ?selected=${s.id === this.draft.serviceId}>${s.name}</option>`)}</optgroup>`
              : nothing
          }
          ${
            this.services.value?.services.length
              ? html`<optgroup label=${t.term('otherServices')}>${this.services.value.services.map((s) => html`<option value=${s.id} ?selected=${s.id === this.draft.serviceId}>${s.name}</option>`)}</optgroup>`
              : nothing
          }
        </select>
      </div>
      <fieldset aria-invalid=${invalid('urgency')} aria-describedby=${this.errors.urgency ? 'e-urgency' : nothing}>
        <legend>${t.term('urgency')}</legend>
        ${URGENCIES.map(
          (u) =>
            html`<label><input type="radio" name="urgency" value=${u} .checked=${this.draft.urgency === u} @change=${() => this.#update({ urgency: u })} />${t.term('urgencyName')[u]}</label>`,
        )}
        <button type="button" class="button secondary" aria-expanded=${String(this.helping)} @click=${() => (this.helping = !this.helping)}>${t.term('helpMeChoose')}</button>
        ${err('urgency')}
      </fieldset>
      ${this.helping ? this.#renderHelper() : nothing}
      ${
        this.duplicate
          ? html`<div class="notice warning" part="duplicate" tabindex="-1" role="alert">
            ${t.term('duplicateOpen', this.duplicate.number, this.duplicate.subject)}
            <div class="actions">
              <button type="button" class="button secondary" @click=${() => {
                this.#duplicateConfirmed = this.duplicate!.id;
                this.duplicate = null;
                this.renderRoot.querySelector('form')!.requestSubmit();
              }}>${t.term('sendAnyway')}</button>
            </div>
          </div>`
          : nothing
      }
      <div class="actions">
        <button class="button" type="submit" ?disabled=${this.sending}>${this.sending ? t.term('sending') : t.term('send')}</button>
        <span class="hint">${t.term('draftKept')}</span>
      </div>
      ${this.message ? html`<div class="notice ${this.message.tone}" role=${this.message.tone === 'error' ? 'alert' : 'status'}>${this.message.text}</div>` : nothing}
      ${this.promise ? this.#renderAfter(this.promise) : nothing}
    </form>`;
  }

  /** After a blocker or critical ticket: the answer time counting down, and whom to call meanwhile. */
  #renderAfter(p: { number: string; urgency: Urgency; dueAt: Date }) {
    const t = this.localize;
    const left = Math.ceil((p.dueAt.getTime() - this.now().getTime()) / 60_000);
    const when = formatDate(p.dueAt, this.locale, { timeStyle: 'short' });
    // The call path under this composer's own prefix (a partner's acme-help-now), else gp-help-now.
    const helpNow = unsafeStatic(kitTagBeside(this, 'ticket-composer', 'help-now'));
    return html`<section part="after" class="after" aria-label=${t.term('afterTitle', p.number)}>
      <p class="promise">${left > 0 ? t.term('answerPromise', when, formatDuration(left, this.locale)) : t.term('answerPromiseDue', when)}</p>
      ${staticHtml`<${helpNow} inline urgency=${p.urgency} .now=${this.now}></${helpNow}>`}
    </section>`;
  }

  #renderHelper() {
    const t = this.localize;
    const yesNo = (key: 'immediate' | 'manyAffected', legend: string) => html`<fieldset>
      <legend>${legend}</legend>
      ${[true, false].map(
        (v) =>
          html`<label><input type="radio" name=${`q-${key}`} .checked=${this.answers[key] === v} @change=${() => (this.answers = { ...this.answers, [key]: v })} />${v ? t.term('yes') : t.term('no')}</label>`,
      )}
    </fieldset>`;
    const complete = this.answers.immediate !== undefined && this.answers.manyAffected !== undefined && !!this.answers.deadline;
    return html`<div class="helper" part="helper">
      ${yesNo('immediate', t.term('qImmediate'))} ${yesNo('manyAffected', t.term('qMany'))}
      <fieldset>
        <legend>${t.term('qDeadline')}</legend>
        ${(['now', 'today', 'this_week', 'later'] as const).map(
          (d) =>
            html`<label><input type="radio" name="q-deadline" .checked=${this.answers.deadline === d} @change=${() => (this.answers = { ...this.answers, deadline: d })} />${t.term('deadline')[d]}</label>`,
        )}
      </fieldset>
      <div class="actions"><button type="button" class="button secondary" ?disabled=${!complete} title=${complete ? nothing : t.term('proposeWhy')} aria-describedby=${complete ? nothing : 'propose-why'} @click=${this.#propose}>${t.term('propose')}</button>
        ${complete ? nothing : html`<span class="why" id="propose-why">${t.term('proposeWhy')}</span>`}</div>
      ${
        this.proposal
          ? html`<div id="proposal" tabindex="-1" class="notice" role="status">
            <strong>${t.term('proposal', t.term('urgencyName')[this.proposal.urgency]!, t.term('minutes', this.proposal.responseMinutes))}</strong>
            <div>${t.term('reason')[this.proposal.reason]}</div>
            <button type="button" class="button" @click=${() => {
              this.#update({ urgency: this.proposal!.urgency });
              this.helping = false;
            }}>${t.term('useProposal')}</button>
          </div>`
          : nothing
      }
    </div>`;
  }
}

function readDraft(): Draft {
  try {
    return {
      subject: '',
      description: '',
      serviceId: '',
      urgency: '',
      ...(JSON.parse(localStorage.getItem(DRAFT_KEY) ?? '{}') as Partial<Draft>),
    };
  } catch {
    return { subject: '', description: '', serviceId: '', urgency: '' };
  }
}
