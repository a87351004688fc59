import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Task } from '@lit/task';
import type { ApiRequest, ApiResponse } from '../core/api-client.js';
import type { GlasspaneContext } from '../core/context.js';

export type OrderType = 'upgrade' | 'downgrade' | 'renewal' | 'refresh' | 'addon';
export type Metric = 'cpu' | 'memory' | 'disk' | 'bandwidth';
export type Step = 'type' | 'service' | 'plan' | 'review' | 'done';

type PlanOptions = ApiResponse<`/service-plans/${string}/options`>;
export type PlanOption = PlanOptions['data'][number]['attributes'];
type QuoteAttributes = ApiResponse<'/order-quotes', 'post'>['data']['attributes'];
export type Effective = 'now' | 'period_end';
/**
 * The quote for the draft; a downgrade carries one per effect (`now`: credited today;
 * `period_end`: nothing credited, the change at the end of the paid period) so the customer
 * compares both before choosing.
 */
export type Quote = QuoteAttributes & { canOrder: boolean; byEffect: Partial<Record<Effective, QuoteAttributes>> };

export type PlacedOrder = ApiResponse<'/orders', 'post'>['data']['attributes'] & { id: string };
type OrderInput = ApiRequest<'/order-quotes', 'post'>['data']['attributes'];

/** What the customer has chosen so far: the order the wizard composes. */
export interface Draft {
  type: OrderType | '';
  serviceId: string;
  planId: string;
  addonIds: string[];
  note: string;
  /** The customer agreed to the restart a resize needs (the quote's `providerAction.reboot`). */
  acceptReboot: boolean;
  /** When a resize runs: now, or tonight at 02:00 in the billing time zone. */
  window: 'now' | 'tonight';
  /** A downgrade: at the end of the paid period (the default, as hosting bills do) or now, credited. */
  effective: Effective;
}

/**
 * The upgrade wizard's data: the services, the plan options for the chosen service (with a
 * plan that fits preselected), the quote on the review step, placing the order and asking
 * the account manager. It holds the draft order; the element holds where the wizard is.
 */
export class UpgradeWizardController implements ReactiveController {
  draft: Draft = {
    type: '',
    serviceId: '',
    planId: '',
    addonIds: [],
    note: '',
    acceptReboot: false,
    window: 'now',
    effective: 'period_end',
  };

  /** One key per order attempt: pressing "Place order" twice places it once. */
  #idempotencyKey = '';

  readonly services: Task<readonly [GlasspaneContext | undefined], ApiResponse<'/service-plans'>['data']>;
  readonly options: Task<
    readonly [GlasspaneContext | undefined, Step, OrderType | '', string, Metric | ''],
    { options: PlanOption[]; meta: PlanOptions['meta'] } | undefined
  >;
  readonly quote: Task<readonly [GlasspaneContext | undefined, Step], Quote | undefined>;

  constructor(
    private readonly host: ReactiveControllerHost,
    gp: () => GlasspaneContext | undefined,
    step: () => Step,
    metric: () => Metric | '',
  ) {
    host.addController(this);
    this.services = new Task(host, {
      task: async ([gp], { signal }) => (gp ? (await gp.api.get('/service-plans', { signal })).data : []),
      args: () => [gp()] as const,
    });
    this.options = new Task(host, {
      task: async ([gp, step, type, serviceId, metric], { signal }) => {
        if (!gp || step !== 'plan' || !type || !serviceId) return undefined;
        const doc = await gp.api.get(`/service-plans/${encodeURIComponent(serviceId)}/options`, {
          signal,
          query: { type, metric: metric || undefined },
        });
        const options = doc.data.map((d) => d.attributes);
        if (!this.draft.planId && type !== 'addon') this.choose({ planId: options.find((o) => o.recommended)?.item.id ?? '' });
        return { options, meta: doc.meta };
      },
      args: () => [gp(), step(), this.draft.type, this.draft.serviceId, metric()] as const,
    });
    this.quote = new Task(host, {
      task: async ([gp, step], { signal }) => {
        if (!gp || step !== 'review') return undefined;
        const ask = (attributes: OrderInput) =>
          gp.api.send('POST', '/order-quotes', { data: { type: 'order-quotes', attributes } }, { signal }).then((d) => d.data.attributes);
        const effects: Effective[] = this.draft.type === 'downgrade' ? ['period_end', 'now'] : [];
        const [quotes, session] = await Promise.all([
          effects.length
            ? Promise.all(effects.map((effective) => ask({ ...this.#input(), effective })))
            : ask(this.#input()).then((q) => [q]),
          gp.session(),
        ]);
        const byEffect = Object.fromEntries(effects.map((e, i) => [e, quotes[i]!]));
        // Said up front rather than after a refused click; the host still decides.
        return { ...(byEffect[this.draft.effective] ?? quotes[0]!), byEffect, canOrder: !session || session.roles.includes('billing') };
      },
      args: () => [gp(), step()] as const,
    });
  }

  hostConnected(): void {}

  /** Changes the draft; each change asks for a render. */
  choose(patch: Partial<Draft>): void {
    this.draft = { ...this.draft, ...patch };
    this.host.requestUpdate();
  }

  /** Starts a new attempt (on reaching the review step): the next order gets a fresh Idempotency-Key. */
  newAttempt(): void {
    this.#idempotencyKey = crypto.randomUUID();
  }

  #input(): OrderInput {
    const { type, serviceId, planId, addonIds, note, acceptReboot, window, effective } = this.draft;
    return {
      type: type as OrderType,
      serviceId,
      ...(type !== 'addon' && planId ? { planId } : {}),
      ...(addonIds.length ? { addonIds } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(acceptReboot ? { acceptReboot, window } : {}),
      ...(type === 'downgrade' ? { effective } : {}),
    };
  }

  /** Places the draft order under the attempt's Idempotency-Key; the services reload (their plan changed). */
  async place(gp: GlasspaneContext): Promise<PlacedOrder> {
    const doc = await gp.api.send(
      'POST',
      '/orders',
      { data: { type: 'orders', attributes: this.#input() } },
      { headers: { 'idempotency-key': this.#idempotencyKey } },
    );
    void this.services.run();
    return { id: doc.data.id, ...doc.data.attributes };
  }

  /** Withdraws the order just placed (after the customer confirmed); returns it as the host has it now. */
  async cancel(gp: GlasspaneContext, id: string): Promise<PlacedOrder> {
    const doc = await gp.api.send('POST', `/orders/${encodeURIComponent(id)}/cancel`);
    void this.services.run();
    return { id: doc.data.id, ...doc.data.attributes };
  }

  /** Sends what is chosen so far, with a note, to the account manager; returns the escalation's id. */
  async ask(gp: GlasspaneContext, step: Step, note: string): Promise<string> {
    const { type, serviceId, planId, addonIds } = this.draft;
    const selection = {
      ...(type ? { type } : {}),
      ...(serviceId ? { serviceId } : {}),
      ...(planId ? { planId } : {}),
      ...(addonIds.length ? { addonIds } : {}),
    };
    const doc = await gp.api.send('POST', '/escalations', { data: { type: 'escalations', attributes: { step, selection, note } } });
    return doc.data.id;
  }
}
