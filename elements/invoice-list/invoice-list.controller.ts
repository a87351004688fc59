import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Task } from '@lit/task';
import { ApiError, type ApiRequest, type ApiResponse, type Schemas } from '../core/api-client.js';
import type { GlasspaneContext } from '../core/context.js';

export type Invoice = Schemas['Invoice'];
export type PaymentMethod = Schemas['PaymentMethod'];
export type Autopay = ApiResponse<'/autopay'>['data']['attributes'];
export type NewPaymentMethod = ApiRequest<'/payment-methods', 'post'>['data']['attributes'];
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
  /** The chosen payment method: a saved one's id, `new-card` or `new-ach`. */
  methodId = '';
  canPay = false;
  sessionKnown = false;
  autopay: Autopay | null = null;

  /** The Idempotency-Key of the attempt in progress; kept when the same attempt is retried. */
  #attempt: { key: string; signature: string } | null = null;

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
          methodId: this.methodId || (methods.data.find((m) => m.attributes.isDefault)?.id ?? methods.data[0]?.id ?? 'new-card'),
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
      this.#set({ invoices: this.invoices.some((i) => i.id === invoice.id) ? this.invoices.map((i) => (i.id === invoice.id ? invoice : i)) : [invoice, ...this.invoices] });
      return invoice;
    }
    if (data?.type === 'autopay') this.#set({ autopay: data.attributes });
    return undefined;
  }

  /** Saves a new card or bank account and makes it the chosen method; returns its id. */
  async addMethod(gp: GlasspaneContext, attributes: NewPaymentMethod): Promise<string> {
    const method = await gp.api.send('POST', '/payment-methods', { data: { type: 'payment-methods', attributes } });
    this.#set({ methods: [...this.methods, method.data], methodId: method.data.id });
    return method.data.id;
  }

  /** Pays the invoices with a saved method, under the attempt's Idempotency-Key. */
  async pay(gp: GlasspaneContext, invoiceIds: string[], paymentMethodId: string): Promise<Schemas['Payment']> {
    const signature = JSON.stringify([invoiceIds.sort(), paymentMethodId]);
    if (this.#attempt?.signature !== signature) this.#attempt = { key: crypto.randomUUID(), signature };
    try {
      const doc = await gp.api.send('POST', '/payments', { data: { type: 'payments', attributes: { invoiceIds, paymentMethodId } } }, { headers: { 'idempotency-key': this.#attempt.key } });
      this.#attempt = null;
      return doc.data;
    } catch (err) {
      // A declined card is final for this attempt: the next try gets a new key.
      if (err instanceof ApiError && err.status === 402) this.#attempt = null;
      throw err;
    }
  }

  async setAutopay(gp: GlasspaneContext, enabled: boolean, paymentMethodId: string | null): Promise<void> {
    const doc = await gp.api.send('PUT', '/autopay', { data: { type: 'autopay', attributes: { enabled, paymentMethodId } } });
    this.#set({ autopay: doc.data.attributes });
  }
}
