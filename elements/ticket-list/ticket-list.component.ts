import './messages.js';
import '../core/shared-messages.js';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Task } from '@lit/task';
import { GpElement } from '../core/base.js';
import { stack, tokens } from '../core/styles.js';
import { controls } from '../core/controls.js';
import type { Schemas } from '../core/api-client.js';
import { formatDate, formatDateTime, formatRelative } from '../core/format.js';
import { AttachmentPicker, attachmentStyles, downloadAttachment, renderAttachments, uploadAttachments } from '../core/attachments.js';
import type { Attachment } from '../core/attachments.js';
import { styles } from './ticket-list.styles.js';

type Ticket = Schemas['Ticket'];
type Message = Schemas['TicketMessage'];
/** What the `tickets` stream topic carries: a ticket that changed, a new message (with its ticket), or files attached to a ticket. */
type TicketEvent =
  | { op: 'upsert'; data?: Ticket }
  | { op: 'message'; data?: Message; ticket?: Ticket }
  | { op: 'attachments'; ticketId?: string; data?: Attachment[] };

const STATUS_TONE: Record<string, string> = {
  open: 'warning',
  in_progress: 'warning',
  waiting_on_customer: 'danger',
  resolved: 'success',
  closed: 'muted',
};
const STATUSES = ['open', 'in_progress', 'waiting_on_customer', 'resolved', 'closed'] as const;

/**
 * @tag gp-ticket-list
 * @summary The tenant's support tickets and, for one of them, the thread: every message
 * with its author and time and its attachments (downloads with name and size), replies with
 * files when the support provider keeps them (an attach control with the provider's limits,
 * checked before sending), closing by the customer and reopening within the provider's
 * reopen period; staff answers arrive live. States are worded for the reader
 * (the customer reads "Waiting for you", staff "Waiting on customer"). With the `staff`
 * role it also changes a ticket's status. Everything people wrote is shown as text, never
 * as HTML.
 *
 * @slot empty - Your own words (and links) for the empty state, shown instead of the element's text when there is nothing to show.
 * @fires gp-ticket-replied - A reply was sent; `detail`: ticketId.
 * @fires gp-ticket-state-changed - The ticket was closed or reopened here; `detail`: ticketId, status.
 *
 * @csspart base - The wrapper.
 * @csspart ticket - One ticket in the list.
 * @csspart conversation - The open ticket's conversation.
 * @csspart message - One message.
 * @csspart reply-form - The reply form.
 * @csspart attach - The attach control of the reply form (only when the support provider keeps files).
 * @csspart state - Loading, empty and error panels.
 */
export class GpTicketList extends GpElement {
  static override styles = [tokens, controls, stack, attachmentStyles, styles];

  /** The id of the ticket to show; empty shows the list. */
  @property({ attribute: 'ticket-id', reflect: true }) ticketId = '';

  @state() private tickets: Ticket[] = [];
  @state() private messages: Message[] = [];
  @state() private attachments: Attachment[] = [];
  @state() private sending = false;
  private readonly picker = new AttachmentPicker(this, this.localize);
  @state() private reply = '';
  @state() private staff = false;
  @state() private notice: { tone: 'error' | 'success'; text: string } | null = null;

  /** The clock the reopen period is read against; pages and tests may replace it. */
  @property({ attribute: false }) now: () => Date = () => new Date();

  private readonly list = new Task(this, {
    task: async ([gp], { signal }) => {
      if (!gp) return undefined;
      this.staff = (await gp.session())?.roles.includes('staff') ?? false;
      this.tickets = (await gp.api.get('/tickets', { signal, query: { 'page[size]': 100 } })).data;
      return this.tickets;
    },
    args: () => [this.gp] as const,
  });

  private readonly detail = new Task(this, {
    task: async ([gp, id], { signal }) => {
      if (!gp || !id) return undefined;
      const doc = await gp.api.get(`/tickets/${encodeURIComponent(id)}`, { signal });
      const included = doc.included ?? [];
      this.messages = included.filter((r): r is Message => r.type === 'ticket-messages');
      this.attachments = included.filter((r): r is Attachment => r.type === 'ticket-attachments');
      this.picker.policy = doc.meta.attachments;
      this.#replace(doc.data);
      return doc.data;
    },
    args: () => [this.gp, this.ticketId] as const,
  });

  constructor() {
    super();
    this.listen<TicketEvent>('tickets', (m) => {
      if (m.topic === 'reset' || !m.data) {
        void this.list.run();
        if (this.ticketId) void this.detail.run();
        return;
      }
      const event = m.data;
      if (event.op === 'upsert' && event.data) this.#replace(event.data);
      if (event.op === 'message' && event.data) {
        if (event.ticket) this.#replace(event.ticket);
        const message = event.data;
        if (message.attributes.ticketId === this.ticketId && !this.messages.some((x) => x.id === message.id))
          this.messages = [...this.messages, message];
      }
      if (event.op === 'attachments' && event.ticketId === this.ticketId && event.data) this.#addAttachments(event.data);
    });
  }

  #replace(ticket: Ticket) {
    this.tickets = this.tickets.some((t) => t.id === ticket.id)
      ? this.tickets.map((t) => (t.id === ticket.id ? ticket : t))
      : [ticket, ...this.tickets];
  }

  #addAttachments(added: Attachment[]) {
    const known = new Set(this.attachments.map((a) => a.id));
    this.attachments = [...this.attachments, ...added.filter((a) => !known.has(a.id))];
  }

  /** Sends the reply, then its files; a refused file leaves the reply sent and says why. */
  async #send(e: Event) {
    e.preventDefault();
    if (!this.reply.trim() || this.sending) return;
    const ticketId = this.ticketId;
    const files = this.picker.files;
    this.sending = true;
    try {
      const body = { data: { type: 'ticket-messages' as const, attributes: { body: this.reply } } };
      const doc = await this.gp!.api.send('POST', `/tickets/${encodeURIComponent(ticketId)}/messages`, body);
      if (!this.messages.some((x) => x.id === doc.data.id)) this.messages = [...this.messages, doc.data];
      this.reply = '';
      this.notice = null;
      this.emit('gp-ticket-replied', { ticketId });
      if (files.length) {
        try {
          this.#addAttachments(await uploadAttachments(this.gp!.api, ticketId, doc.data.id, files));
          this.picker.clear();
        } catch (err) {
          this.#fail(err, 'attachFailed');
        }
      }
    } catch (err) {
      this.notice = { tone: 'error', text: this.errorReason(err, this.localize.term('supportSystem')) };
    } finally {
      this.sending = false;
    }
  }

  async #download(attachment: Attachment) {
    try {
      await downloadAttachment(this.gp!.api, attachment);
    } catch (err) {
      this.#fail(err, 'downloadFailed');
    }
  }

  #fail(err: unknown, what: 'attachFailed' | 'downloadFailed') {
    this.notice = { tone: 'error', text: this.describeError(err, this.localize.term(what), this.localize.term('supportSystem')) };
  }

  #filesOf(messageId: string | null) {
    return renderAttachments(
      this.attachments.filter((x) => x.attributes.messageId === messageId),
      this.localize,
      (x) => void this.#download(x),
    );
  }

  async #setStatus(status: Ticket['attributes']['status']) {
    try {
      const doc = await this.gp!.api.send('PATCH', `/tickets/${encodeURIComponent(this.ticketId)}`, {
        data: { type: 'tickets', id: this.ticketId, attributes: { status } },
      });
      this.#replace(doc.data);
    } catch (err) {
      this.notice = { tone: 'error', text: this.errorReason(err, this.localize.term('supportSystem')) };
    }
  }

  async #act(action: 'close' | 'reopen') {
    try {
      const doc = await this.gp!.api.send('POST', `/tickets/${encodeURIComponent(this.ticketId)}/actions`, {
        data: { type: 'ticket-actions', attributes: { action } },
      });
      this.#replace(doc.data);
      this.notice = { tone: 'success', text: this.localize.term(action === 'close' ? 'ticketClosed' : 'ticketReopened') };
      this.emit('gp-ticket-state-changed', { ticketId: this.ticketId, status: doc.data.attributes.status });
    } catch (err) {
      this.notice = { tone: 'error', text: this.errorReason(err, this.localize.term('supportSystem')) };
    }
  }

  /** The state in the reader's words: staff never read the customer's "Waiting for you". */
  #status(status: string): string {
    return this.localize.term(this.staff ? 'ticketStatusStaff' : 'ticketStatus')[status] ?? status;
  }

  protected override render() {
    if (!this.gp) return this.renderNoProvider();
    return html`<div class="base" part="base">
      ${
        this.ticketId
          ? this.detail.render({
              pending: () => this.renderLoading(3),
              complete: () => this.#renderConversation(),
              error: (err) =>
                html`${this.renderError(err, () => void this.detail.run(), this.localize.term('ticketsFailed'), this.localize.term('supportSystem'))}<button class="link" @click=${() => (this.ticketId = '')}>${this.localize.term('back')}</button>`,
            })
          : this.list.render({
              pending: () => (this.tickets.length ? this.#renderList() : this.renderLoading(3)),
              complete: () => this.#renderList(),
              error: (err) =>
                this.renderError(err, () => void this.list.run(), this.localize.term('ticketsFailed'), this.localize.term('supportSystem')),
            })
      }
    </div>`;
  }

  #renderList() {
    if (!this.tickets.length)
      return html`<div class="state" part="state"><slot name="empty">${this.localize.term('noTickets')}</slot></div>`;
    const t = this.localize;
    return html`<ul aria-label=${t.term('tickets')}>
      ${[...this.tickets]
        .sort((a, b) => b.attributes.updatedAt.localeCompare(a.attributes.updatedAt))
        .map(
          (ticket) => html`<li>
            <button class="ticket" part="ticket" @click=${() => (this.ticketId = ticket.id)}>
              <span>${ticket.attributes.number} · ${ticket.attributes.subject}<span class="sub">${formatRelative(ticket.attributes.updatedAt, this.locale)}</span></span>
              <span class="badge muted">${t.term('urgencyName')[ticket.attributes.urgency]}</span>
              <span class="badge ${STATUS_TONE[ticket.attributes.status]}">${this.#status(ticket.attributes.status)}</span>
            </button>
          </li>`,
        )}
    </ul>`;
  }

  #renderConversation() {
    const ticket = this.tickets.find((x) => x.id === this.ticketId);
    if (!ticket) return nothing;
    const t = this.localize;
    const a = ticket.attributes;
    return html`<button class="link" @click=${() => (this.ticketId = '')}>${t.term('back')}</button>
      <section part="conversation" aria-label=${`${a.number} ${a.subject}`}>
        <h3>${a.number} · ${a.subject}</h3>
        <div class="row">
          <span class="badge muted">${t.term('urgencyName')[a.urgency]}</span>
          <span class="badge ${STATUS_TONE[a.status]}" role="status">${this.#status(a.status)}</span>
          ${
            this.staff
              ? html`<label for="f-status">${t.term('changeStatus')}</label>
                <select id="f-status" .value=${a.status} @change=${(e: Event) => this.#setStatus((e.target as HTMLSelectElement).value as Ticket['attributes']['status'])}>
                  ${STATUSES.map((s) => html`<option value=${s} ?selected=${s === a.status}>${this.#status(s)}</option>`)}
                </select>`
              : nothing
          }
        </div>
        <div class="messages" aria-live="polite">
          <div class="message" part="message">
            <div class="who">${a.requester} · ${formatDateTime(a.createdAt, this.locale)}</div>
            <div class="text">${a.description}</div>
            ${this.#filesOf(null)}
          </div>
          ${this.messages.map(
            (m) => html`<div class="message ${m.attributes.author.kind}" part="message">
              <div class="who">${m.attributes.author.name}${m.attributes.author.kind === 'staff' ? html` <span class="badge muted">${t.term('staff')}</span>` : nothing} · <time datetime=${m.attributes.createdAt}>${formatDateTime(m.attributes.createdAt, this.locale)}</time></div>
              <div class="text">${m.attributes.body}</div>
              ${this.#filesOf(m.id)}
            </div>`,
          )}
        </div>
      </section>
      ${
        a.status === 'closed'
          ? nothing
          : html`<form part="reply-form" @submit=${this.#send}>
            <div class="field">
              <label for="f-reply">${t.term('reply')}</label>
              <textarea id="f-reply" .value=${this.reply} @input=${(e: InputEvent) => (this.reply = (e.target as HTMLTextAreaElement).value)}></textarea>
            </div>
            ${this.picker.render('f-reply-files')}
            <div class="row"><button class="button" type="submit" ?disabled=${this.sending}>${t.term('sendReply')}</button></div>
          </form>`
      }
      ${this.#renderActions(a)}
      ${this.notice ? html`<div class="notice ${this.notice.tone}" role="alert">${this.notice.text}</div>` : nothing}`;
  }

  /** Close (while open) or reopen (resolved or closed, within the reopen period). */
  #renderActions(a: Ticket['attributes']) {
    const t = this.localize;
    if (a.status !== 'closed' && a.status !== 'resolved') {
      return html`<div class="row actions" part="actions">
        <button class="button secondary" type="button" @click=${() => this.#act('close')}>${t.term('closeTicket')}</button>
        <span class="hint">${t.term('closeTicketHint')}</span>
      </div>`;
    }
    const until = a.reopenableUntil;
    if (!until || Date.parse(until) <= this.now().getTime())
      return html`<p class="hint" part="actions">${t.term('reopenOver', a.number)}</p>`;
    return html`<div class="row actions" part="actions">
      ${a.status === 'resolved' ? html`<button class="button secondary" type="button" @click=${() => this.#act('close')}>${t.term('closeTicket')}</button>` : nothing}
      <button class="button" type="button" @click=${() => this.#act('reopen')}>${t.term('reopenTicket')}</button>
      <span class="hint">${t.term('reopenUntil', formatDate(until, this.locale))}</span>
    </div>`;
  }
}
