import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Task } from '@lit/task';
import { ApiError, type ApiResponse, type Schemas } from '../core/api-client.js';
import type { GlasspaneContext } from '../core/context.js';

export type Invoice = Schemas['Invoice'];
export type PaymentMethod = Schemas['PaymentMethod'];
export type Autopay = ApiResponse<'/autopay'>['data']['attributes'];
export type PaymentSetup = ApiResponse<'/payment-setups', 'post'>['data'];
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
      this.#set({ invoices: this.invoices.some((i) => i.id === invoice.id) ? this.invoices.map((i) => (i.id === invoice.id ? invoice : i)) : [invoice, ...this.invoices] });
      return invoice;
    }
    if (data?.type === 'autopay') this.#set({ autopay: data.attributes });
    return undefined;
  }

  /** Starts saving a method: what the gateway's fields need (script, client secret). */
  async startSetup(gp: GlasspaneContext): Promise<PaymentSetup> {
    return (await gp.api.send('POST', '/payment-setups')).data;
  }

  /** Saves the method of a confirmed setup and makes it the chosen one; returns its id. */
  async addMethod(gp: GlasspaneContext, gatewayToken: string): Promise<string> {
    const method = await gp.api.send('POST', '/payment-methods', { data: { type: 'payment-methods', attributes: { gatewayToken, makeDefault: false } } });
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

/** What confirming the gateway's fields ended in; `message` is the gateway's words for a decline. */
export type ConfirmResult = { status: 'succeeded' | 'failed'; message?: string };
/** The gateway's fields, mounted in a container: card and bank numbers are typed there, never into the element. */
export interface GatewayFields {
  confirm(): Promise<ConfirmResult>;
}

const scripts = new Map<string, Promise<void>>();

/** Loads a gateway's script once per page, as a classic script in the document's head. */
function loadScript(src: string): Promise<void> {
  let loading = scripts.get(src);
  if (!loading) {
    loading = new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = src;
      script.async = true;
      script.onload = () => resolve();
      script.onerror = () => {
        scripts.delete(src);
        script.remove();
        reject(new Error(`The payment gateway's script did not load (${src}).`));
      };
      document.head.append(script);
    });
    scripts.set(src, loading);
  }
  return loading;
}

/**
 * Draws the gateway's own fields for `setup` inside `container`: the test gateway's
 * (`GlasspaneTestFields`) or Stripe's Payment Element. `apiUrl` resolves a relative script URL.
 */
export async function mountGatewayFields(setup: PaymentSetup['attributes'], container: HTMLElement, apiUrl: string): Promise<GatewayFields> {
  await loadScript(new URL(setup.scriptUrl, new URL(apiUrl).origin).href);
  // The gateways' scripts are untyped globals.
  const w = window as unknown as Record<string, any>;
  if (setup.gateway === 'test') return w.GlasspaneTestFields.mount(container, { clientSecret: setup.clientSecret }) as GatewayFields;
  if (setup.gateway === 'stripe') {
    const stripe = w.Stripe(setup.publishableKey);
    const elements = stripe.elements({ clientSecret: setup.clientSecret });
    elements.create('payment').mount(container);
    return {
      async confirm() {
        const result = await stripe.confirmSetup({ elements, redirect: 'if_required' });
        return result.error ? { status: 'failed', message: result.error.message } : { status: result.setupIntent?.status === 'succeeded' ? 'succeeded' : 'failed' };
      },
    };
  }
  throw new Error(`Unknown payment gateway "${setup.gateway}".`);
}
