import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Task } from '@lit/task';
import { ApiError } from '../core/api-client.js';
import type { GlasspaneContext } from '../core/context.js';
import { saveMethod, startSetup, type Autopay, type PaymentMethod, type PaymentSetup } from '../core/payments.js';

export type { Autopay, PaymentMethod, PaymentSetup };
/** An amount in one currency (minor units). */
export type DueAmount = { currency: string; amount: number };

/**
 * The saved methods' data: loads methods, autopay, what is due and the provider's name;
 * keeps autopay current from the `billing` stream; adds, makes default, removes and
 * switches autopay through the host, which decides (a declined setup is never saved).
 */
export class PaymentMethodsController implements ReactiveController {
  methods: PaymentMethod[] = [];
  autopay: Autopay | null = null;
  /** Open and overdue invoices: what autopay charges next. */
  /** The tenant's display name from its branding, when it has one. */
  brandName = '';
  canManage = false;
  sessionKnown = false;

  readonly task: Task<readonly [GlasspaneContext | undefined], void>;

  constructor(
    private readonly host: ReactiveControllerHost,
    args: () => readonly [GlasspaneContext | undefined],
  ) {
    host.addController(this);
    this.task = new Task(host, {
      task: async ([gp], { signal }) => {
        if (!gp) return;
        const session = await gp.session();
        this.canManage = session?.roles.includes('billing') ?? false;
        this.sessionKnown = true;
        // Autopay's first charge (day and amounts) comes computed by the host, by its clock.
        const [methods, autopay, branding] = await Promise.all([
          gp.api.get('/payment-methods', { signal }),
          gp.api.get('/autopay', { signal }),
          gp.api.get('/branding', { signal }).catch(() => undefined),
        ]);
        this.methods = methods.data;
        this.autopay = autopay.data.attributes;
        this.brandName = branding?.data.attributes.displayName ?? '';
      },
      args,
    });
  }

  hostConnected(): void {}

  reload(): void {
    void this.task.run();
  }

  /** Applies a `billing` stream message (autopay turned on or off elsewhere). */
  apply(data: { type?: string; attributes?: unknown } | undefined): void {
    if (data?.type === 'autopay') {
      this.autopay = data.attributes as Autopay;
      this.host.requestUpdate();
    } else if (data?.type === 'invoices') {
      this.reload();
    }
  }

  method(id: string | null | undefined): PaymentMethod | undefined {
    return this.methods.find((m) => m.id === id);
  }

  startSetup(gp: GlasspaneContext): Promise<PaymentSetup> {
    return startSetup(gp);
  }

  /** Saves a confirmed setup's method; when it is the default the others are not any more. */
  async add(gp: GlasspaneContext, gatewayToken: string, makeDefault: boolean): Promise<PaymentMethod> {
    const method = await saveMethod(gp, gatewayToken, makeDefault);
    this.methods = [
      ...this.methods.map((m) => (method.attributes.isDefault ? { ...m, attributes: { ...m.attributes, isDefault: false } } : m)),
      method,
    ];
    this.host.requestUpdate();
    return method;
  }

  async makeDefault(gp: GlasspaneContext, id: string): Promise<void> {
    await gp.api.send('PATCH', `/payment-methods/${encodeURIComponent(id)}`, {
      data: { type: 'payment-methods', attributes: { isDefault: true } },
    });
    this.methods = this.methods.map((m) => ({ ...m, attributes: { ...m.attributes, isDefault: m.id === id } }));
    this.host.requestUpdate();
  }

  /**
   * Removes a method. Without `confirm` the host refuses autopay's method (409
   * `method_in_use`); that error is thrown for the element to ask first. With it, autopay
   * is turned off too.
   */
  async remove(gp: GlasspaneContext, id: string, confirm: boolean): Promise<void> {
    await gp.api.send('DELETE', `/payment-methods/${encodeURIComponent(id)}`, undefined, { query: { confirm: String(confirm) } });
    // The host picks the next default and may have turned autopay off: read both again.
    const [methods, autopay] = await Promise.all([gp.api.get('/payment-methods'), gp.api.get('/autopay')]);
    this.methods = methods.data;
    this.autopay = autopay.data.attributes;
    this.host.requestUpdate();
  }

  async setAutopay(gp: GlasspaneContext, enabled: boolean, paymentMethodId: string | null): Promise<void> {
    const doc = await gp.api.send('PUT', '/autopay', { data: { type: 'autopay', attributes: { enabled, paymentMethodId } } });
    this.autopay = doc.data.attributes;
    this.host.requestUpdate();
  }
}

/** Whether an error is the host asking to confirm removing autopay's method. */
export const needsConfirmation = (err: unknown): err is ApiError =>
  err instanceof ApiError && err.status === 409 && err.errors[0]?.code === 'method_in_use';
