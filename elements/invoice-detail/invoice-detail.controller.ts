import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Task } from '@lit/task';
import type { Schemas } from '../core/api-client.js';
import type { GlasspaneContext } from '../core/context.js';
import { PaymentAttempts, saveMethod, type PaymentMethod } from '../core/payments.js';

export type Invoice = Schemas['Invoice'];
export type Payment = Schemas['Payment'];
export type InvoiceLine = Schemas['InvoiceAttributes']['lines'][number];
/** One tax rate's share of an invoice: the net amount it applies to and the tax. `rate` is null when the billing system states none. */
export type TaxShare = { rate: number | null; net: number; tax: number };

/**
 * One invoice's data: the invoice with its lines, the payments made for it, the saved
 * methods to pay with; kept current from the `billing` stream; pays it under one
 * Idempotency-Key per attempt (the same as gp-invoice-list).
 */
export class InvoiceDetailController implements ReactiveController {
  invoice: Invoice | null = null;
  payments: Payment[] = [];
  methods: PaymentMethod[] = [];
  /** The chosen method: a saved one's id, or `new` (typed into the gateway's own fields). */
  methodId = '';
  canPay = false;

  readonly #attempts = new PaymentAttempts();
  readonly task: Task<readonly [GlasspaneContext | undefined, string], Invoice | undefined>;

  constructor(
    private readonly host: ReactiveControllerHost,
    args: () => readonly [GlasspaneContext | undefined, string],
  ) {
    host.addController(this);
    this.task = new Task(host, {
      task: async ([gp, id], { signal }) => {
        if (!gp || !id) return undefined;
        const session = await gp.session();
        this.canPay = session?.roles.includes('billing') ?? false;
        const [invoice, payments, methods] = await Promise.all([
          gp.api.get(`/invoices/${encodeURIComponent(id)}`, { signal }),
          gp.api.get('/payments', { signal }),
          this.canPay ? gp.api.get('/payment-methods', { signal }) : Promise.resolve({ data: [] as PaymentMethod[] }),
        ]);
        this.invoice = invoice.data;
        this.payments = payments.data.filter((p) => p.attributes.invoiceIds.includes(id));
        this.methods = methods.data;
        if (!this.methods.some((m) => m.id === this.methodId))
          this.methodId = methods.data.find((m) => m.attributes.isDefault)?.id ?? methods.data[0]?.id ?? 'new';
        return invoice.data;
      },
      args,
    });
  }

  hostConnected(): void {}

  reload(): void {
    void this.task.run();
  }

  choose(methodId: string): void {
    this.methodId = methodId;
    this.host.requestUpdate();
  }

  /** Applies a `billing` stream message about this invoice or one of its payments. */
  apply(data: { type?: string; id?: string; attributes?: unknown } | undefined): void {
    if (!this.invoice || !data) return;
    if (data.type === 'invoices' && data.id === this.invoice.id) this.invoice = data as Invoice;
    else if (data.type === 'payments' && (data as Payment).attributes.invoiceIds.includes(this.invoice.id)) {
      const p = data as Payment;
      this.payments = this.payments.some((x) => x.id === p.id) ? this.payments.map((x) => (x.id === p.id ? p : x)) : [p, ...this.payments];
    } else return;
    this.host.requestUpdate();
  }

  /** Saves the method of a confirmed setup (not as default) and chooses it. */
  async addMethod(gp: GlasspaneContext, setupId: string): Promise<string> {
    const method = await saveMethod(gp, setupId, false);
    this.methods = [...this.methods, method];
    this.methodId = method.id;
    this.host.requestUpdate();
    return method.id;
  }

  pay(gp: GlasspaneContext, paymentMethodId: string): Promise<Payment> {
    return this.#attempts.pay(gp, [this.invoice!.id], paymentMethodId);
  }
}

/** The invoice's tax per rate, in the order rates first appear; one share without a rate when no line states one. */
export function taxByRate(invoice: Invoice['attributes']): TaxShare[] {
  const shares = new Map<number | null, TaxShare>();
  for (const line of invoice.lines) {
    const rate = line.taxRate ?? null;
    const share = shares.get(rate) ?? { rate, net: 0, tax: 0 };
    share.net += line.amount;
    share.tax += line.taxAmount;
    shares.set(rate, share);
  }
  const list = [...shares.values()];
  // Lines that state no tax at all: the invoice's own tax total is the one figure to show.
  if (list.length === 0 || (list.length === 1 && list[0]!.rate === null)) return [{ rate: null, net: invoice.subtotal, tax: invoice.tax }];
  return list;
}
