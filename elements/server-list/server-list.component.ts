import './messages.js';
import '../core/shared-messages.js';
import { html, nothing, svg } from 'lit';
import { property, state } from 'lit/decorators.js';
import { GpElement } from '../core/base.js';
import { card, stack, tokens } from '../core/styles.js';
import { controls, icon } from '../core/controls.js';
import { ApiError, type Schemas } from '../core/api-client.js';
import { formatBytes } from '../core/format.js';
import { styles } from './server-list.styles.js';
import { ServerListController, type Server, type ServerAction, type ServersEvent } from './server-list.controller.js';

export type ServerAttributes = Schemas['ServerAttributes'];
export type { Server, ServerAction };

export interface ServerActionDetail {
  serverId: string;
  action: ServerAction;
}
/** `gp-before-server-action`: the action about to be sent; cancel it to stop the action. */
export interface BeforeServerActionDetail {
  serverId: string;
  name: string;
  action: ServerAction;
}
export interface ServerCreatedDetail {
  serverId: string;
  name: string;
}

const ACTIONS: Record<string, ServerAction[]> = {
  active: ['stop', 'reboot'],
  stopped: ['start'],
  error: ['start', 'stop'],
  suspended: ['start'],
  paused: ['start'],
};
/** Actions that interrupt what runs on the server: their confirm button looks destructive. */
const DESTRUCTIVE = new Set<string>(['stop', 'reboot', 'delete', 'rebuild']);
const TONE: Record<string, string> = {
  active: 'success',
  stopped: 'muted',
  error: 'danger',
  building: 'warning',
  rebooting: 'warning',
  busy: 'warning',
};
const NAME = /^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$/;

/**
 * @tag gp-server-list
 * @summary The tenant's virtual servers: status, addresses, size and region; start, stop
 * and reboot with a confirmation and a pending state until the provider settles; create
 * a server.
 *
 * Actions need the `technical` role; without it they are not offered and the element says
 * why. The create form appears only where the provider offers sizes to create from. A provider's refusal ("already stopped") is shown in
 * its words next to the server.
 *
 * @slot empty - Your own words (and links) for the empty state, shown instead of the element's text when there is nothing to show.
 * @fires gp-before-server-action - A confirmed action is about to be sent to the host; cancelable: `preventDefault()` stops it (the server
 * stays as it is). `detail`: serverId, name, action.
 * @fires gp-server-action-requested - An action was accepted by the host; `detail`: serverId, action.
 * @fires gp-server-created - A server is being created; `detail`: serverId, name.
 *
 * @csspart base - The wrapper.
 * @csspart row - One server.
 * @csspart status - A server's status badge.
 * @csspart fault - A fault the provider reports on a server: the kit's words for a customer, the provider's for its staff.
 * @csspart actions - A server's action buttons.
 * @csspart create-form - The create form.
 * @csspart state - Loading, empty, error and permission panels.
 */
export class GpServerList extends GpElement {
  static override styles = [tokens, controls, card, stack, styles];

  /** Hide the create form. */
  @property({ type: Boolean, attribute: 'no-create', reflect: true }) noCreate = false;

  @state() private confirming: { id: string; action: ServerAction } | null = null;
  @state() private pending = new Map<string, ServerAction>();
  @state() private messages = new Map<string, { tone: 'error' | 'success'; text: string }>();
  @state() private form = { name: '', flavorId: '', imageId: '' };
  @state() private formErrors: Record<string, string> = {};
  @state() private formMessage: { tone: 'error' | 'success'; text: string } | null = null;
  @state() private creating = false;

  /** Loading, the stream's updates, actions and creating. */
  private readonly list = new ServerListController(
    this,
    () => this.gp,
    () => this.noCreate,
  );

  constructor() {
    super();
    this.listen<ServersEvent>('servers', (m) => {
      if (m.topic === 'reset' || !m.data) return void this.list.reload();
      const server = this.list.apply(m.data);
      // The provider settled: the action is no longer pending.
      if (server && !server.attributes.task && this.pending.has(server.id)) {
        const next = new Map(this.pending);
        next.delete(server.id);
        this.pending = next;
      }
    });
  }

  async #act(server: Server, action: ServerAction) {
    this.confirming = null;
    // A partner's portal may stop the action (its own confirmation, a maintenance freeze…).
    if (
      !this.emit<BeforeServerActionDetail>(
        'gp-before-server-action',
        { serverId: server.id, name: server.attributes.name, action },
        { cancelable: true },
      )
    )
      return;
    this.pending = new Map(this.pending).set(server.id, action);
    this.#message(server.id, null);
    try {
      await this.list.act(this.gp!, server.id, action);
      this.emit<ServerActionDetail>('gp-server-action-requested', { serverId: server.id, action });
    } catch (err) {
      const next = new Map(this.pending);
      next.delete(server.id);
      this.pending = next;
      const t = this.localize;
      const text =
        err instanceof ApiError && err.code === 'forbidden'
          ? t.term('needsTechnical')
          : this.describeError(err, t.term('actionFailed', t.term('action')[action]!, server.attributes.name), t.term('computeSystem'));
      this.#message(server.id, { tone: 'error', text });
    }
  }

  #message(id: string, message: { tone: 'error' | 'success'; text: string } | null) {
    const next = new Map(this.messages);
    if (message) next.set(id, message);
    else next.delete(id);
    this.messages = next;
  }

  async #create(e: Event) {
    e.preventDefault();
    const errors: Record<string, string> = {};
    if (!NAME.test(this.form.name.trim()))
      errors.name = this.form.name.trim() ? this.localize.term('nameRule') : this.localize.term('required');
    if (!this.form.flavorId) errors.flavorId = this.localize.term('required');
    if (!this.form.imageId) errors.imageId = this.localize.term('required');
    this.formErrors = errors;
    this.formMessage = null;
    if (Object.keys(errors).length) {
      const first = Object.keys(errors)[0]!;
      this.renderRoot.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
      return;
    }
    this.creating = true;
    try {
      const server = await this.list.create(this.gp!, {
        name: this.form.name.trim(),
        flavorId: this.form.flavorId,
        imageId: this.form.imageId,
      });
      this.formMessage = { tone: 'success', text: this.localize.term('created', server.attributes.name) };
      this.emit<ServerCreatedDetail>('gp-server-created', { serverId: server.id, name: server.attributes.name });
      this.form = { name: '', flavorId: '', imageId: '' };
    } catch (err) {
      if (err instanceof ApiError) {
        const pointerErrors: Record<string, string> = {};
        for (const e of err.errors) {
          const field = e.source?.pointer?.split('/').pop();
          if (field && ['name', 'flavorId', 'imageId'].includes(field)) pointerErrors[field] = e.detail ?? e.title;
        }
        this.formErrors = pointerErrors;
        this.formMessage = Object.keys(pointerErrors).length
          ? null
          : { tone: 'error', text: this.errorReason(err, this.localize.term('computeSystem')) };
      } else this.formMessage = { tone: 'error', text: this.errorReason(err, this.localize.term('computeSystem')) };
    } finally {
      this.creating = false;
    }
  }

  protected override render() {
    if (!this.gp) return this.renderNoProvider();
    return html`<div class="base" part="base">
      ${this.list.task.render({
        pending: () => (this.list.servers.length ? this.#renderList() : this.renderLoading(3)),
        complete: () => this.#renderList(),
        error: (error) =>
          this.renderError(error, () => this.list.reload(), this.localize.term('serversFailed'), this.localize.term('computeSystem')),
      })}
      ${this.list.sessionKnown && !this.list.canAct ? html`<p class="hint">${this.localize.term('needsTechnical')}</p>` : nothing}
      ${this.list.canAct && !this.noCreate && (this.list.options.value?.flavors.length ?? 0) > 0 ? this.#renderCreate() : nothing}
    </div>`;
  }

  #renderList() {
    if (this.list.servers.length === 0)
      return html`<div class="state" part="state"><slot name="empty">${this.localize.term('noServers')}</slot></div>`;
    const sorted = [...this.list.servers].sort((a, b) => a.attributes.name.localeCompare(b.attributes.name));
    return html`<ul class="list" aria-label=${this.localize.term('servers')}>
      ${sorted.map((s) => this.#renderRow(s))}
    </ul>`;
  }

  #renderRow(server: Server) {
    const a = server.attributes;
    const locale = this.locale;
    const busy = this.pending.has(server.id) || !!a.task;
    const statusText = a.task
      ? (this.localize.term('task')[a.task] ?? this.localize.term('working'))
      : (this.localize.term('serverState')[a.status] ?? a.status);
    const tone = a.task ? 'warning' : (TONE[a.status] ?? 'muted');
    const message = this.messages.get(server.id);
    const confirming = this.confirming?.id === server.id ? this.confirming.action : null;
    return html`<li class="row card" part="row" data-id=${server.id}>
      <div>
        <div class="name">${a.name}</div>
        <div class="sub">${[a.region, a.image?.name].filter(Boolean).join(' · ')}</div>
      </div>
      <div>
        <span class="badge ${tone}" part="status" role="status">${a.task ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}${statusText}</span>
        ${a.fault ? html`<div class="sub" part="fault">${this.list.staff ? a.fault : this.localize.term('serverFault')}</div>` : nothing}
      </div>
      <div class="addresses">
        <div class="sub">${a.addresses.map((ad) => ad.address).join(', ') || '—'}</div>
        ${a.flavor ? html`<div class="sub">${this.localize.term('flavorSummary', a.flavor.vcpus, formatBytes(a.flavor.ramMb * 1024 ** 2, locale), formatBytes(a.flavor.diskGb * 1024 ** 3, locale))}</div>` : nothing}
      </div>
      <div class="actions" part="actions">
        ${
          this.list.canAct
            ? (ACTIONS[a.status] ?? []).map(
                (action) => html`<button
                class="button secondary"
                ?disabled=${busy}
                aria-label=${this.localize.term('actionOn', this.localize.term('action')[action]!, a.name)}
                @click=${() => (this.confirming = { id: server.id, action })}
              >
                ${actionIcons[action]}${this.localize.term('action')[action]}
              </button>`,
              )
            : nothing
        }
      </div>
      ${
        confirming
          ? html`<div class="confirm" role="group" aria-label=${this.localize.term('actionOn', this.localize.term('action')[confirming]!, a.name)}>
            <p>${this.localize.term('confirmAction')[confirming]!(a.name)}</p>
            <button class="button ${DESTRUCTIVE.has(confirming) ? 'danger' : ''}" part="confirm" @click=${() => this.#act(server, confirming)}>${this.localize.term('action')[confirming]}</button>
            <button class="button secondary" @click=${() => (this.confirming = null)}>${this.localize.term('cancel')}</button>
          </div>`
          : nothing
      }
      ${message ? html`<div class="notice ${message.tone}" role=${message.tone === 'error' ? 'alert' : 'status'}>${message.text}</div>` : nothing}
    </li>`;
  }

  #renderCreate() {
    const options = this.list.options.value;
    const field = (name: 'name' | 'flavorId' | 'imageId', label: string, control: unknown) => html`<div class="field">
      <label for=${`f-${name}`}>${label}</label>
      ${control}
      ${this.formErrors[name] ? html`<span class="field-error" id=${`e-${name}`}>${this.formErrors[name]}</span>` : nothing}
    </div>`;
    const invalid = (name: string) => (this.formErrors[name] ? 'true' : 'false');
    return html`<form part="create-form" novalidate @submit=${this.#create}>
      <h3>${this.localize.term('createServer')}</h3>
      ${field(
        'name',
        this.localize.term('serverName'),
        html`<input id="f-name" name="name" autocomplete="off" .value=${this.form.name} aria-invalid=${invalid('name')} aria-describedby=${this.formErrors.name ? 'e-name' : nothing}
          @input=${(e: InputEvent) => (this.form = { ...this.form, name: (e.target as HTMLInputElement).value })} />`,
      )}
      ${field(
        'flavorId',
        this.localize.term('flavor'),
        html`<select id="f-flavorId" name="flavorId" .value=${this.form.flavorId} aria-invalid=${invalid('flavorId')} aria-describedby=${this.formErrors.flavorId ? 'e-flavorId' : nothing}
          @change=${(e: Event) => (this.form = { ...this.form, flavorId: (e.target as HTMLSelectElement).value })}>
          <option value="">${this.localize.term('chooseFlavor')}</option>
          ${(options?.flavors ?? []).map((f) => html`<option value=${f.id} ?selected=${f.id === this.form.flavorId}>${f.attributes.name} — ${this.localize.term('flavorSummary', f.attributes.vcpus, formatBytes(f.attributes.ramMb * 1024 ** 2, this.locale), formatBytes(f.attributes.diskGb * 1024 ** 3, this.locale))}</option>`)}
        </select>`,
      )}
      ${field(
        'imageId',
        this.localize.term('image'),
        html`<select id="f-imageId" name="imageId" .value=${this.form.imageId} aria-invalid=${invalid('imageId')} aria-describedby=${this.formErrors.imageId ? 'e-imageId' : nothing}
          @change=${(e: Event) => (this.form = { ...this.form, imageId: (e.target as HTMLSelectElement).value })}>
          <option value="">${this.localize.term('chooseImage')}</option>
          ${(options?.images ?? []).map((i) => html`<option value=${i.id} ?selected=${i.id === this.form.imageId}>${i.attributes.name}</option>`)}
        </select>`,
      )}
      <div><button class="button" type="submit" ?disabled=${this.creating}>${this.creating ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}${this.localize.term('create')}</button></div>
      ${this.formMessage ? html`<div class="notice ${this.formMessage.tone}" role=${this.formMessage.tone === 'error' ? 'alert' : 'status'}>${this.formMessage.text}</div>` : nothing}
    </form>`;
  }
}

const actionIcons: Record<ServerAction, ReturnType<typeof icon>> = {
  start: icon(svg`<path d="m7 4 12 8-12 8z"/>`),
  stop: icon(svg`<rect x="6" y="6" width="12" height="12" rx="1"/>`),
  reboot: icon(svg`<path d="M21 12a9 9 0 1 1-3-6.7L21 8"/><path d="M21 3v5h-5"/>`),
};
