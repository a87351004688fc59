import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Task } from '@lit/task';
import type { Schemas } from '../core/api-client.js';
import type { GlasspaneContext } from '../core/context.js';
import { PaymentAttempts, saveMethod, type Autopay, type PaymentMethod, type PaymentSetup } from '../core/payments.js';

export type Invoice = Schemas['Invoice'];
export type { Autopay, PaymentMethod, PaymentSetup };
/** What the `billing` stream topic carries: an invoice or the autopay settings that changed. */
export type BillingEvent = { op: string; data?: Invoice | { type: 'autopay'; attributes: Autopay } };

/**
 * The invoice list's data: loads the invoices, saved payment methods and autopay settings,
 * keeps them current from the `billing` stream, and pays. Each payment attempt carries its
 * own Idempotency-Key, reused when the same attempt is retried, so it never pays twice.
 */
export class InvoiceListController implements ReactiveController {
  invoices: Invoice[] = [];
  methods: PaymentMethod[] = [];
  /** The chosen payment method: a saved one's id, or `new` (typed into the gateway's own fields). */
  methodId = '';
  canPay = false;
  sessionKnown = false;
  autopay: Autopay | null = null;

  /** Payment attempts, each under its own Idempotency-Key, kept when the same attempt is retried. */
  readonly #attempts = new PaymentAttempts();

  readonly task: Task<readonly [GlasspaneContext | undefined, Invoice[] | undefined], Invoice[] | undefined>;

  constructor(
    private readonly host: ReactiveControllerHost,
    args: () => readonly [GlasspaneContext | undefined, Invoice[] | undefined],
  ) {
    host.addController(this);
    this.task = new Task(host, {
      task: async ([gp, items], { signal }) => {
        if (items) return this.#set({ invoices: items }).invoices;
        if (!gp) return undefined;
        const session = await gp.session();
        this.#set({ canPay: session?.roles.includes('billing') ?? false, sessionKnown: true });
        const [invoices, methods, autopay] = await Promise.all([
          gp.api.get('/invoices', { signal, query: { 'page[size]': 100 } }),
          this.canPay ? gp.api.get('/payment-methods', { signal }) : Promise.resolve({ data: [] as PaymentMethod[] }),
          gp.api.get('/autopay', { signal }),
        ]);
        this.#set({
          invoices: invoices.data,
          methods: methods.data,
          methodId: this.methodId || (methods.data.find((m) => m.attributes.isDefault)?.id ?? methods.data[0]?.id ?? 'new'),
          autopay: autopay.data.attributes,
        });
        return invoices.data;
      },
      args,
    });
  }

  hostConnected(): void {}

  /** Fields change as the element's state did: each change asks for a render. */
  #set(patch: Partial<Pick<InvoiceListController, 'invoices' | 'methods' | 'methodId' | 'canPay' | 'sessionKnown' | 'autopay'>>): this {
    Object.assign(this, patch);
    this.host.requestUpdate();
    return this;
  }

  /** Shows these invoices instead of loaded ones. */
  show(items: Invoice[]): void {
    this.#set({ invoices: items });
  }

  choose(methodId: string): void {
    this.#set({ methodId });
  }

  reload(): void {
    void this.task.run();
  }

  /** Applies a `billing` stream message; returns the invoice that changed, if one did. */
  apply(data: BillingEvent['data']): Invoice | undefined {
    if (data?.type === 'invoices') {
      const invoice = data;
      this.#set({
        invoices: this.invoices.some((i) => i.id === invoice.id)
          ? this.invoices.map((i) => (i.id === invoice.id ? invoice : i))
          : [invoice, ...this.invoices],
      });
      return invoice;
    }
    if (data?.type === 'autopay') this.#set({ autopay: data.attributes });
    return undefined;
  }

  /** Saves the method of a confirmed setup and makes it the chosen one; returns its id. */
  async addMethod(gp: GlasspaneContext, gatewayToken: string): Promise<string> {
    const method = await saveMethod(gp, gatewayToken, false);
    this.#set({ methods: [...this.methods, method], methodId: method.id });
    return method.id;
  }

  /** Pays the invoices with a saved method, under the attempt's Idempotency-Key. */
  async pay(gp: GlasspaneContext, invoiceIds: string[], paymentMethodId: string): Promise<Schemas['Payment']> {
    return this.#attempts.pay(gp, invoiceIds, paymentMethodId);
  }
}
