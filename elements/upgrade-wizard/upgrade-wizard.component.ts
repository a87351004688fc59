import './messages.js';
import '../core/order-messages.js';
import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { GpElement } from '../core/base.js';
import { card, stack, tokens } from '../core/styles.js';
import { controls, tables } from '../core/controls.js';
import type { Schemas } from '../core/api-client.js';
import { formatBytes, formatMoney, formatPercent, formatPlainDate } from '../core/format.js';
import { styles } from './upgrade-wizard.styles.js';
import { UpgradeWizardController, type Metric, type OrderType, type PlacedOrder, type Step } from './upgrade-wizard.controller.js';
import { canCancel, cancelConfirmStyles, renderCancelConfirm } from '../core/order-cancel.js';

export type { OrderType };

/** A catalog item's attributes with its id, as the service plans and plan options carry it. */
export type CatalogItem = Schemas['CatalogItemAttributes'] & { id: string };
export type ServicePlanAttributes = Schemas['ServicePlan']['attributes'];

export interface OrderPlacedDetail {
  id: string;
  number: string;
  state: string;
}
/** `gp-before-place-order`: the order about to be placed; cancel it to stop it (nothing is ordered, the draft stays). */
export interface BeforePlaceOrderDetail {
  type: OrderType;
  serviceId: string;
  planId: string;
  addonIds: string[];
  window: 'now' | 'tonight';
}
export interface EscalationSentDetail {
  id: string;
  step: string;
}

const TYPES: OrderType[] = ['upgrade', 'downgrade', 'renewal', 'refresh', 'addon'];
const STEPS: Step[] = ['type', 'service', 'plan', 'review', 'done'];
const METRICS: Metric[] = ['cpu', 'memory', 'disk', 'bandwidth'];

/** Which of the customer's services a kind of order applies to: no plan change or add-on for a domain or certificate. */
function appliesTo(type: OrderType | '', service: ServicePlanAttributes): boolean {
  switch (type) {
    case 'refresh':
      return !!service.plan?.hardware;
    case 'upgrade':
    case 'downgrade':
    case 'addon':
      return service.kind !== 'domain' && service.kind !== 'certificate';
    default:
      return true;
  }
}

/**
 * @tag gp-upgrade-wizard
 * @summary Self-serve plan changes the way a shop checks out: first a tile per kind of
 * change (upgrade, downgrade, renewal, hardware refresh, add-on) with when it applies,
 * then the service, the new plan compared side by side with the last 30 days of usage,
 * the price with proration to the next billing date, and placing the order (once, even if
 * the button is pressed twice). A downgrade offers "now" (credited) or "at the end of the
 * paid period" with the amount of each; a renewal shows its term price; add-ons of one group
 * behave like a radio; a hardware refresh never offers the current model; only services an
 * order type applies to are listed. A placed order that is not carried out yet can be
 * cancelled after a question. "Ask my account manager" is on every step and sends
 * everything chosen so far with a note.
 *
 * Open it from `gp-usage-gauge`'s `gp-upgrade-requested` by setting `service` and
 * `metric` (and `type="upgrade"`): it starts at the plan step with a plan that fits.
 * Placing orders needs the billing role; everyone can ask.
 *
 * @fires gp-before-place-order - The order is about to be placed; cancelable: `preventDefault()` stops it (nothing is ordered, the draft
 * stays). `detail`: type, serviceId, planId, addonIds, window.
 * @fires gp-order-placed - An order was placed; `detail`: id, number, state.
 * @fires gp-escalation-sent - A question went to the account manager; `detail`: id, step.
 *
 * @csspart base - The wizard.
 * @csspart steps - The step indicator.
 * @csspart tile - Each kind-of-change tile.
 * @csspart comparison - The plan comparison table.
 * @csspart summary - The price summary.
 * @csspart ask - The question form.
 * @csspart confirm-cancel - The question before the placed order is cancelled.
 */
export class GpUpgradeWizard extends GpElement {
  static override styles = [tokens, controls, tables, card, stack, styles, cancelConfirmStyles];

  /** Preselected kind of change. */
  @property({ reflect: true }) type: OrderType | '' = '';

  /** Preselected service id (the server id the usage gauge names). */
  @property({ reflect: true }) service = '';

  /** The metric that hit its limit: the recommended plan leaves room for it. */
  @property({ reflect: true }) metric: Metric | '' = '';

  /** Preselected add-on (catalog id) for `type="addon"`, such as the protection tier `gp-dr-protection` asked for. */
  @property({ reflect: true }) addon = '';

  @state() private step: Step = 'type';
  @state() private asking = false;
  @state() private askNote = '';
  @state() private message: { tone: 'error' | 'success'; text: string } | null = null;
  @state() private busy = false;
  @state() private placed?: PlacedOrder;
  /** The placed order's cancellation waits for the customer's yes. */
  @state() private confirming = false;
  @state() private invalid = false;
  /** Said to screen readers when ticking an add-on unticked another of its group. */
  @state() private swapped = '';

  /** The services, plan options, quote, the draft order, placing it and asking. */
  private readonly order = new UpgradeWizardController(
    this,
    () => this.gp,
    () => this.step,
    () => this.metric,
  );

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('type') || changed.has('service') || changed.has('metric') || changed.has('addon')) this.restart();
  }

  /** Back to the first step that is not preselected, with the preselection. */
  restart(): void {
    this.order.choose({
      type: this.type,
      serviceId: this.service,
      planId: '',
      addonIds: this.type === 'addon' && this.addon ? [this.addon] : [],
      note: '',
      acceptReboot: false,
      window: 'now',
      effective: 'period_end',
    });
    this.placed = undefined;
    this.confirming = false;
    this.message = null;
    this.asking = false;
    this.step = !this.type ? 'type' : !this.service ? 'service' : 'plan';
  }

  async #go(step: Step) {
    this.invalid = false;
    this.message = null;
    if (step === 'review') this.order.newAttempt();
    this.step = step;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('h3')?.focus();
  }

  #next() {
    const d = this.order.draft;
    const ready =
      this.step === 'type'
        ? !!d.type
        : this.step === 'service'
          ? !!d.serviceId
          : this.step === 'plan'
            ? d.type === 'addon'
              ? d.addonIds.length > 0
              : !!d.planId
            : true;
    if (!ready) {
      this.invalid = true;
      return;
    }
    void this.#go(STEPS[STEPS.indexOf(this.step) + 1]!);
  }

  #back() {
    const i = STEPS.indexOf(this.step);
    const prev = STEPS[Math.max(0, i - 1)]!;
    if (prev === 'service') this.order.choose({ planId: '' });
    void this.#go(prev);
  }

  async #place() {
    const { type, serviceId, planId, addonIds, window } = this.order.draft;
    if (
      !this.emit<BeforePlaceOrderDetail>(
        'gp-before-place-order',
        { type: type as OrderType, serviceId, planId, addonIds, window },
        { cancelable: true },
      )
    )
      return;
    this.busy = true;
    this.message = null;
    try {
      this.placed = await this.order.place(this.gp!);
      this.emit<OrderPlacedDetail>('gp-order-placed', { id: this.placed.id, number: this.placed.number, state: this.placed.state });
      await this.#go('done');
    } catch (err) {
      this.message = { tone: 'error', text: this.describeError(err, this.localize.term('orderFailed'), this.localize.term('orderSystem')) };
    } finally {
      this.busy = false;
    }
  }

  async #ask(e: Event) {
    e.preventDefault();
    if (!this.askNote.trim()) {
      this.renderRoot.querySelector<HTMLTextAreaElement>('#ask-note')?.focus();
      return;
    }
    this.busy = true;
    try {
      const id = await this.order.ask(this.gp!, this.step, this.askNote.trim());
      this.emit<EscalationSentDetail>('gp-escalation-sent', { id, step: this.step });
      this.asking = false;
      this.askNote = '';
      this.message = { tone: 'success', text: this.localize.term('askSent') };
    } catch (err) {
      this.message = { tone: 'error', text: this.describeError(err, this.localize.term('askFailed'), this.localize.term('orderSystem')) };
    } finally {
      this.busy = false;
    }
  }

  #money(minor: number, currency: string) {
    return formatMoney(minor, currency, this.locale);
  }

  protected override render() {
    if (!this.gp) return this.renderNoProvider();
    const t = this.localize;
    const visible = STEPS;
    const index = visible.indexOf(this.step);
    return html`<section class="base" part="base" aria-labelledby="title">
      <h2 id="title">${t.term('wizardTitle')}</h2>
      <ol class="steps" part="steps">
        ${visible.map((s, i) => html`<li aria-current=${s === this.step ? 'step' : nothing}>${i + 1}. ${t.term('steps')[s]}</li>`)}
      </ol>
      <span class="visually-hidden" aria-live="polite">${t.term('stepOf', index + 1, visible.length, t.term('steps')[this.step] ?? '')}</span>
      ${this.#renderStep()}
      ${this.message ? html`<div class="notice ${this.message.tone}" role=${this.message.tone === 'error' ? 'alert' : 'status'}>${this.message.text}</div>` : nothing}
      ${this.asking ? this.#renderAsk() : nothing}
      ${
        this.step === 'done'
          ? html`<div class="actions"><button class="button secondary" @click=${() => this.restart()}>${t.term('startOver')}</button></div>`
          : html`<div class="actions">
            ${this.step !== 'type' ? html`<button class="button secondary" @click=${this.#back}>${t.term('previous')}</button>` : nothing}
            ${this.step !== 'review' ? html`<button class="button" @click=${this.#next}>${t.term('next')}</button>` : nothing}
            <span class="spacer"></span>
            <button class="button secondary" aria-expanded=${String(this.asking)} @click=${() => (this.asking = !this.asking)}>${t.term('askManager')}</button>
          </div>`
      }
    </section>`;
  }

  #renderStep() {
    switch (this.step) {
      case 'type':
        return this.#renderTypes();
      case 'service':
        return this.#renderServices();
      case 'plan':
        return this.#renderPlans();
      case 'review':
        return this.#renderReview();
      default:
        return this.#renderDone();
    }
  }

  #renderTypes() {
    const t = this.localize;
    return html`<h3 tabindex="-1" id="step-title">${t.term('chooseType')}</h3>
      <fieldset class="tiles" aria-labelledby="step-title" aria-invalid=${String(this.invalid)} aria-describedby=${this.invalid ? 'choose-one' : nothing}>
        ${TYPES.map(
          (type) => html`<label class="tile card" part="tile">
            <input type="radio" name="type" value=${type} .checked=${this.order.draft.type === type} @change=${() => this.order.choose({ type, planId: '', addonIds: [] })} />
            <strong>${t.term('orderType')[type]}</strong>
            <span>${t.term('typeWhen')[type]}</span>
          </label>`,
        )}
      </fieldset>
      ${this.invalid ? html`<span class="field-error" id="choose-one">${t.term('chooseOne')}</span>` : nothing}`;
  }

  #renderServices() {
    const t = this.localize;
    return html`<h3 tabindex="-1">${t.term('chooseService')}</h3>
      ${this.order.services.render({
        pending: () => this.renderLoading(2),
        error: (e) => this.renderError(e, () => void this.order.services.run(), t.term('servicesFailed'), t.term('orderSystem')),
        complete: (list) => {
          const eligible = list.filter((s) => appliesTo(this.order.draft.type, s.attributes));
          if (!eligible.length) return html`<p class="notice">${t.term('noServices')}</p>`;
          return html`<fieldset class="tiles" aria-label=${t.term('chooseService')} aria-invalid=${String(this.invalid)}>
              ${eligible.map(
                (s) => html`<label class="tile card" part="tile">
                  <input type="radio" name="service" value=${s.id} .checked=${this.order.draft.serviceId === s.id} @change=${() => this.order.choose({ serviceId: s.id, planId: '' })} />
                  <strong>${s.attributes.serviceName}</strong>
                  <span>${s.attributes.plan?.name ?? s.attributes.planId} · ${t.term('perMonth', this.#money(s.attributes.monthlyAmount, s.attributes.plan?.currency ?? 'EUR'))}</span>
                  <span>${t.term('renewsOn', formatPlainDate(s.attributes.renewsOn, this.locale))}</span>
                </label>`,
              )}
            </fieldset>
            ${this.invalid ? html`<span class="field-error">${t.term('chooseOne')}</span>` : nothing}`;
        },
      })}`;
  }

  #capacity(item: CatalogItem, metric: Metric): string {
    const c = item.capacity;
    const locale = this.locale;
    switch (metric) {
      case 'cpu':
        return c.vcpus ? String(c.vcpus) : '—';
      case 'memory':
        return c.ramMb ? formatBytes(c.ramMb * 1024 ** 2, locale) : '—';
      case 'disk':
        return c.diskGb ? formatBytes(c.diskGb * 1024 ** 3, locale) : '—';
      default:
        return c.bandwidthMbit ? `${c.bandwidthMbit} Mbit/s` : '—';
    }
  }

  #renderPlans() {
    const t = this.localize;
    const { addonIds, planId } = this.order.draft;
    const addon = this.order.draft.type === 'addon';
    return html`<h3 tabindex="-1">${addon ? t.term('chooseAddons') : t.term('choosePlan')}</h3>
      ${this.order.options.render({
        pending: () => this.renderLoading(3),
        error: (e) => this.renderError(e, () => void this.order.options.run(), t.term('plansFailed'), t.term('orderSystem')),
        complete: (result) => {
          if (!result?.options.length) return html`<p class="notice">${t.term('noOptions')}</p>`;
          const { options, meta } = result;
          const current = meta.current;
          const metrics = METRICS.filter(
            (m) => this.#capacity(current, m) !== '—' || options.some((o) => this.#capacity(o.item, m) !== '—'),
          );
          if (addon) {
            return html`<fieldset class="tiles" aria-label=${t.term('chooseAddons')}>
              ${options.map(
                (o) => html`<label class="tile card" part="tile">
                  <input type="checkbox" value=${o.item.id} .checked=${addonIds.includes(o.item.id)} @change=${(e: Event) => this.#toggleAddon(options, o.item, (e.target as HTMLInputElement).checked)} />
                  <strong>${o.item.name}</strong>
                  <span>${t.term('perMonth', this.#money(o.item.monthlyAmount, o.item.currency))}</span>
                  ${o.item.description ? html`<span>${o.item.description}</span>` : nothing}
                  ${o.item.group ? html`<span class="muted">${t.term('oneOfGroup')}</span>` : nothing}
                </label>`,
              )}
            </fieldset>
            <span class="visually-hidden" role="status">${this.swapped}</span>`;
          }
          return html`<div class="table-wrap">
              <table class="stack" part="comparison">
                <caption class="visually-hidden">${t.term('comparison')}</caption>
                <thead>
                  <tr>
                    <th scope="col"><span class="visually-hidden">${t.term('choosePlan')}</span></th>
                    <th scope="col">${t.term('price')}</th>
                    ${metrics.map((m) => html`<th scope="col">${t.term('capacityRow')[m]}</th>`)}
                    <th scope="col">${t.term('yourPeak')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${
                    options.some((o) => o.item.id === current.id)
                      ? nothing
                      : html`<tr class="current">
                    <th scope="row">${t.term('currentPlan')}: ${current.name}</th>
                    <td class="num" data-label=${t.term('price')}>${t.term('perMonth', this.#money(current.monthlyAmount, current.currency))}</td>
                    ${metrics.map((m) => html`<td class="num" data-label=${t.term('capacityRow')[m]}>${this.#capacity(current, m)}</td>`)}
                    <td class="num" data-label=${t.term('yourPeak')}>${this.#peakText(meta.peaks, current)}</td>
                  </tr>`
                  }
                  ${options.map(
                    (o) => html`<tr>
                      <th scope="row">
                        <label><input type="radio" name="plan" value=${o.item.id} .checked=${planId === o.item.id} @change=${() => this.order.choose({ planId: o.item.id })} /> ${o.item.id === current.id ? `${t.term('currentPlan')}: ` : ''}${o.item.name}</label>
                        ${o.recommended ? html`<span class="badge success">${t.term('recommended')}</span>` : nothing}
                      </th>
                      <td class="num" data-label=${t.term('price')}>${t.term('perMonth', this.#money(o.item.monthlyAmount, o.item.currency))}</td>
                      ${metrics.map((m) => html`<td class="num" data-label=${t.term('capacityRow')[m]}>${this.#capacity(o.item, m)}</td>`)}
                      <td data-label=${t.term('yourPeak')}>
                        ${this.#utilText(o.utilisation)}
                        ${Object.keys(o.utilisation).length ? html`<span class="badge ${o.fits ? 'success' : 'warning'}">${o.fits ? t.term('fits') : t.term('tooSmall')}</span>` : nothing}
                      </td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </div>
            ${this.order.draft.type === 'refresh' ? html`<p class="muted" part="same-model">${t.term('refreshSameModel', current.name)}</p>` : nothing}
            ${this.invalid ? html`<span class="field-error">${t.term('chooseOne')}</span>` : nothing}`;
        },
      })}`;
  }

  /** Add-ons of one group exclude each other: ticking one unticks the others, and says so. */
  #toggleAddon(options: { item: CatalogItem }[], item: CatalogItem, checked: boolean) {
    const ids = this.order.draft.addonIds.filter((id) => id !== item.id);
    if (!checked) {
      this.swapped = '';
      return this.order.choose({ addonIds: ids });
    }
    const sameGroup = item.group
      ? options.filter((o) => o.item.group === item.group && o.item.id !== item.id && ids.includes(o.item.id)).map((o) => o.item)
      : [];
    this.swapped = sameGroup.length ? this.localize.term('addonSwapped', item.name, sameGroup.map((i) => i.name).join(', ')) : '';
    this.order.choose({ addonIds: [...ids.filter((id) => !sameGroup.some((i) => i.id === id)), item.id] });
  }

  #utilText(u: Partial<Record<Metric, number | null>>) {
    const parts = METRICS.filter((m) => u[m] != null).map(
      (m) => `${this.localize.term('capacityRow')[m]} ${formatPercent(u[m]!, this.locale)}`,
    );
    return parts.length ? html`<span>${parts.join(' · ')}</span>` : html`<span class="muted">—</span>`;
  }

  #peakText(peaks: Partial<Record<Metric, number>>, current: CatalogItem) {
    const u: Partial<Record<Metric, number | null>> = {};
    const cap: Record<Metric, number | null> = {
      cpu: current.capacity.vcpus,
      memory: current.capacity.ramMb,
      disk: current.capacity.diskGb,
      bandwidth: current.capacity.bandwidthMbit,
    };
    for (const m of METRICS) if (peaks[m] != null && cap[m]) u[m] = peaks[m]! / cap[m]!;
    return this.#utilText(u);
  }

  #renderReview() {
    const t = this.localize;
    return html`<h3 tabindex="-1">${t.term('reviewTitle')}</h3>
      ${this.order.quote.render({
        pending: () => this.renderLoading(3),
        error: (e) => this.renderError(e, () => void this.order.quote.run(), t.term('quoteFailed'), t.term('orderSystem')),
        complete: (quoted) => {
          if (!quoted) return nothing;
          // A downgrade shows the quote of the effect the customer chose.
          const q = { ...quoted, ...quoted.byEffect[this.order.draft.effective] };
          const reboot = q.providerAction?.kind === 'resize';
          const next = formatPlainDate(q.period.next, this.locale);
          return html`<div part="summary">
              <ul class="lines">
                ${q.lines.map((l) => html`<li><span>${l.description}</span><span class="num">${t.term('perMonth', q.term && l.kind === 'plan' ? this.#money(l.toMonthly, q.currency) : this.#signed(l.mrrDelta, q.currency))}</span></li>`)}
              </ul>
              ${
                q.term
                  ? html`<div class="total" part="term"><span>${t.term('termTotal', q.term.months, formatPlainDate(q.term.startsOn, this.locale), formatPlainDate(q.term.endsOn, this.locale))}</span><span class="num">${this.#money(q.term.total, q.currency)}</span></div>`
                  : nothing
              }
              <div class="total"><span>${t.term('monthlyChange')}</span><span class="num">${t.term('perMonth', this.#signed(q.mrrDelta, q.currency))}</span></div>
              ${q.term ? nothing : html`<div class="total"><span>${q.dueNow < 0 ? t.term('creditNow', next) : t.term('dueNow', next)}</span><span class="num">${this.#money(Math.abs(q.dueNow), q.currency)}</span></div>`}
              <p class="muted">${t.term('effectiveOn', formatPlainDate(q.effectiveOn, this.locale))}</p>
              ${
                q.reviewReasons.length
                  ? html`<div class="notice" role="note">
                    <strong>${t.term('needsReview')}</strong>
                    ${q.reviewReasons.map((r) => html`<div>${t.term('reviewReason')[r] ?? r}</div>`)}
                  </div>`
                  : nothing
              }
            </div>
            ${quoted.byEffect.now && quoted.byEffect.period_end ? this.#renderEffective(quoted.byEffect.now, quoted.byEffect.period_end) : nothing}
            <div class="field">
              <label for="note">${t.term('note')}</label>
              <textarea id="note" maxlength="2000" .value=${this.order.draft.note} @input=${(e: InputEvent) => this.order.choose({ note: (e.target as HTMLTextAreaElement).value })}></textarea>
            </div>
            ${reboot ? this.#renderReboot() : nothing}
            ${
              q.canOrder
                ? html`<div class="actions">
                  <button class="button" ?disabled=${this.busy || (reboot && !this.order.draft.acceptReboot)} aria-describedby=${reboot && !this.order.draft.acceptReboot ? 'reboot-needed' : nothing} @click=${this.#place}>${this.busy ? t.term('placing') : t.term('placeOrder')}</button>
                  ${reboot && !this.order.draft.acceptReboot ? html`<span id="reboot-needed" class="muted">${t.term('rebootNeeded')}</span>` : nothing}
                </div>`
                : html`<p class="notice">${t.term('needsBillingRole')}</p>`
            }`;
        },
      })}`;
  }

  /** A downgrade: now with the unused part credited, or at the end of the paid period for nothing; each with its amount. */
  #renderEffective(
    now: { dueNow: number; currency: string; effectiveOn: string },
    later: { dueNow: number; currency: string; effectiveOn: string },
  ) {
    const t = this.localize;
    const effective = this.order.draft.effective;
    return html`<fieldset class="field" part="effective">
      <legend>${t.term('effectiveTitle')}</legend>
      <label><input type="radio" name="effective" value="period_end" .checked=${effective === 'period_end'} @change=${() => this.order.choose({ effective: 'period_end' })} />
        ${t.term('effectivePeriodEnd', formatPlainDate(later.effectiveOn, this.locale))}</label>
      <label><input type="radio" name="effective" value="now" .checked=${effective === 'now'} @change=${() => this.order.choose({ effective: 'now' })} />
        ${t.term('effectiveNow', this.#money(Math.abs(now.dueNow), now.currency))}</label>
    </fieldset>`;
  }

  /** A resize restarts the server: the customer agrees, and picks now or tonight. */
  #renderReboot() {
    const t = this.localize;
    const d = this.order.draft;
    return html`<fieldset class="field" part="reboot">
      <legend>${t.term('rebootTitle')}</legend>
      <label><input type="checkbox" .checked=${d.acceptReboot} @change=${(e: Event) => this.order.choose({ acceptReboot: (e.target as HTMLInputElement).checked })} /> ${t.term('rebootAccept')}</label>
      <div role="radiogroup" aria-label=${t.term('rebootWhen')}>
        ${(['now', 'tonight'] as const).map(
          (w) =>
            html`<label><input type="radio" name="window" value=${w} .checked=${d.window === w} ?disabled=${!d.acceptReboot} @change=${() => this.order.choose({ window: w })} /> ${t.term(w === 'now' ? 'rebootNow' : 'rebootTonight')}</label>`,
        )}
      </div>
    </fieldset>`;
  }

  #signed(minor: number, currency: string) {
    return `${minor > 0 ? '+' : minor < 0 ? '−' : ''}${this.#money(Math.abs(minor), currency)}`;
  }

  #renderDone() {
    const t = this.localize;
    if (!this.placed) return nothing;
    const placed = this.placed;
    return html`<h3 tabindex="-1">${t.term('orderPlaced', placed.number)}</h3>
      <p role="status"><span class="badge ${placed.state === 'completed' ? 'success' : 'muted'}">${t.term('orderState')[placed.state] ?? placed.state}</span></p>
      ${
        canCancel(placed)
          ? this.confirming
            ? renderCancelConfirm(t, this.locale, placed, {
                busy: this.busy,
                confirm: () => void this.#cancel(),
                keep: () => (this.confirming = false),
              })
            : html`<button class="button secondary" @click=${this.#askCancel}>${t.term('cancelPlaced')}</button>`
          : nothing
      }`;
  }

  async #askCancel() {
    this.confirming = true;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLButtonElement>('[part="confirm-cancel"] button')?.focus();
  }

  async #cancel() {
    this.busy = true;
    this.message = null;
    try {
      this.placed = await this.order.cancel(this.gp!, this.placed!.id);
      this.confirming = false;
      this.message = { tone: 'success', text: this.localize.term('placedCancelled', this.placed.number) };
    } catch (err) {
      this.message = {
        tone: 'error',
        text: this.describeError(err, this.localize.term('cancelFailed'), this.localize.term('orderSystem')),
      };
    } finally {
      this.busy = false;
    }
  }

  #renderAsk() {
    const t = this.localize;
    const d = this.order.draft;
    const summary = [
      d.type && t.term('orderType')[d.type],
      this.order.services.value?.find((s) => s.id === d.serviceId)?.attributes.serviceName,
      d.planId,
    ]
      .filter(Boolean)
      .join(' · ');
    return html`<form class="ask" part="ask" @submit=${this.#ask} aria-label=${t.term('askTitle')}>
      <strong>${t.term('askTitle')}</strong>
      ${summary ? html`<span class="muted">${t.term('askWhat', summary)}</span>` : nothing}
      <div class="field">
        <label for="ask-note">${t.term('askNote')}</label>
        <textarea id="ask-note" required maxlength="2000" .value=${this.askNote} @input=${(e: InputEvent) => (this.askNote = (e.target as HTMLTextAreaElement).value)}></textarea>
      </div>
      <div class="actions"><button class="button" type="submit" ?disabled=${this.busy}>${t.term('askSend')}</button></div>
    </form>`;
  }
}
