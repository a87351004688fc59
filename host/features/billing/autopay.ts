import type { Invoice } from '../../ports/billing-provider.js';
import { BILLING_TOPIC, PAYABLE, type BillingContext } from './context.js';
import type { PaymentMethods } from './payment-methods.js';
import type { Payments } from './payments.js';
import { autopayResource } from './resources.js';
import type { AutopayView } from './views.js';

/** Autopay: a tenant's choice to have due invoices charged to a saved method, and the job that charges them. */
export class Autopay {
  constructor(
    private readonly ctx: BillingContext,
    private readonly methods: PaymentMethods,
    private readonly payments: Payments,
  ) {}

  async get(tenant: string): Promise<AutopayView> {
    const row = await this.ctx.db.selectFrom('autopay').selectAll().where('tenant_id', '=', tenant).executeTakeFirst();
    const enabled = !!row?.enabled;
    const invoices = await this.#invoices(tenant).catch(() => []);
    const open = invoices.filter((i) => PAYABLE.has(i.status) && i.amountDue > 0);
    const first = open.map((i) => i.dueOn).sort()[0];
    // The job charges what is due by today (the host's day, UTC): overdue invoices on its next run.
    const today = this.ctx.now().toISOString().slice(0, 10);
    let firstCharge: AutopayView['firstCharge'] = null;
    if (first) {
      const on = first < today ? today : first;
      const amounts = new Map<string, number>();
      for (const i of open) if (i.dueOn <= on) amounts.set(i.currency, (amounts.get(i.currency) ?? 0) + i.amountDue);
      firstCharge = { on, amounts: [...amounts].map(([currency, amount]) => ({ currency, amount })) };
    }
    return { enabled, paymentMethodId: row?.method_id ?? null, nextChargeOn: enabled ? (firstCharge?.on ?? null) : null, firstCharge };
  }

  async set(tenant: string, actor: string, input: { enabled: boolean; paymentMethodId?: string | null }): Promise<AutopayView> {
    let methodId: string | null = input.paymentMethodId ?? null;
    if (input.enabled)
      methodId = (
        methodId ? await this.methods.row(tenant, methodId, '/data/attributes/paymentMethodId') : await this.methods.defaultRow(tenant)
      ).id;
    const values = { enabled: input.enabled ? 1 : 0, method_id: methodId, updated_at: this.ctx.now().toISOString(), updated_by: actor };
    await this.ctx.db
      .insertInto('autopay')
      .values({ tenant_id: tenant, ...values })
      .onConflict((oc) => oc.column('tenant_id').doUpdateSet(values))
      .execute();
    await this.ctx.audit(tenant, actor, input.enabled ? 'autopay.enabled' : 'autopay.disabled', tenant, { paymentMethodId: methodId });
    const view = await this.get(tenant);
    await this.ctx.bus.publish(tenant, BILLING_TOPIC, { op: 'upsert', data: autopayResource(tenant, view) });
    return view;
  }

  /**
   * Charges every tenant's due invoices with its autopay method. The key is stable per
   * invoice set and attempt (`autopay:<ids>:<n>`), never per day: a run that finds the
   * attempt's payment answers with it instead of charging again; a declined attempt is
   * retried a day later, at most `autopayAttempts` times.
   */
  async run(): Promise<{ attempted: number }> {
    const rows = await this.ctx.db.selectFrom('autopay').selectAll().where('enabled', '=', 1).execute();
    const today = this.ctx.now().toISOString().slice(0, 10);
    let attempted = 0;
    for (const row of rows) {
      const invoices = await this.#invoices(row.tenant_id).catch(() => []);
      const due = invoices.filter((i) => PAYABLE.has(i.status) && i.amountDue > 0 && i.dueOn <= today);
      const byCurrency = new Map<string, Invoice[]>();
      for (const invoice of due) byCurrency.set(invoice.currency, [...(byCurrency.get(invoice.currency) ?? []), invoice]);
      for (const group of byCurrency.values()) {
        const ids = group.map((i) => i.id).sort();
        const prefix = `autopay:${ids.join(',')}:`;
        const earlier = await this.ctx.db
          .selectFrom('payments')
          .select(['state', 'updated_at'])
          .where('tenant_id', '=', row.tenant_id)
          .where('request_key', 'like', `${prefix}%`)
          .orderBy('created_at', 'desc')
          .execute();
        const failed = earlier.filter((p) => p.state === 'failed');
        if (earlier.some((p) => p.state !== 'failed')) continue; // being settled, or paid
        if (failed.length >= this.ctx.options.autopayAttempts) continue;
        if (failed[0] && this.ctx.now().getTime() - Date.parse(failed[0].updated_at ?? '1970-01-01') < 24 * 3600_000) continue;
        attempted++;
        await this.payments
          .pay(
            row.tenant_id,
            'autopay',
            `${prefix}${failed.length + 1}`,
            { invoiceIds: ids, paymentMethodId: row.method_id ?? undefined },
            'autopay',
          )
          .catch(() => undefined);
      }
    }
    return { attempted };
  }

  async #invoices(tenant: string): Promise<Invoice[]> {
    const { provider, account } = await this.ctx.account(tenant);
    return provider.listInvoices(account);
  }
}
