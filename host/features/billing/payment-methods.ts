import type { PaymentMethodTable } from '../../db/schema.js';
import type { HostedMethodKind, HostedSetup } from '../../ports/hosted-payment-gateway.js';
import { ConflictError, InvalidInputError, ProviderError, notFound } from '../../errors.js';
import { invalid, requireGateway, type BillingContext } from './context.js';
import { methodLabel, toMethodView, type PaymentMethodView } from './views.js';
import { errorMessage } from '../../error-messages.js';

const KIND_OF: Record<HostedMethodKind, PaymentMethodTable['kind']> = { card: 'card', us_bank_account: 'ach', sepa_debit: 'sepa' };

/**
 * A tenant's saved payment methods and its customer at the gateway. Card and bank numbers
 * never reach the host: methods are saved in the gateway's own fields and arrive as the
 * gateway's ids.
 */
export class PaymentMethods {
  constructor(private readonly ctx: BillingContext) {}

  async list(tenant: string): Promise<PaymentMethodView[]> {
    const rows = await this.ctx.db
      .selectFrom('payment_methods')
      .selectAll()
      .where('tenant_id', '=', tenant)
      .orderBy('created_at')
      .execute();
    return rows.map(toMethodView);
  }

  /** The tenant's customer at the gateway, created once and kept. */
  async customer(tenant: string): Promise<string> {
    const { db } = this.ctx;
    const gateway = requireGateway(this.ctx.gateway);
    const known = await db
      .selectFrom('gateway_customers')
      .select('customer_id')
      .where('tenant_id', '=', tenant)
      .where('gateway', '=', gateway.id)
      .executeTakeFirst();
    if (known) return known.customer_id;
    const name = (await db.selectFrom('tenants').select('name').where('id', '=', tenant).executeTakeFirst())?.name ?? tenant;
    const customer = await gateway.ensureCustomer(tenant, { name });
    await db
      .insertInto('gateway_customers')
      .values({ tenant_id: tenant, gateway: gateway.id, customer_id: customer.id })
      .onConflict((oc) => oc.columns(['tenant_id', 'gateway']).doNothing())
      .execute();
    return customer.id;
  }

  /** Starts saving a method in the gateway's own fields; the browser gets the client secret, nothing is stored. */
  async createSetup(tenant: string, actor: string): Promise<HostedSetup> {
    const customer = await this.customer(tenant);
    const setup = await requireGateway(this.ctx.gateway).createSetup(customer, {
      methodTypes: this.ctx.options.methodTypes,
      idempotencyKey: `gp_setup_${crypto.randomUUID()}`,
    });
    await this.ctx.audit(tenant, actor, 'payment_setup.started', setup.id, { gateway: setup.gateway });
    return setup;
  }

  /**
   * Saves the method of a setup the browser confirmed in the gateway's fields: only when
   * the gateway says the setup succeeded. A declined or unfinished setup saves nothing.
   */
  async add(tenant: string, actor: string, gatewayToken: string, makeDefault: boolean): Promise<PaymentMethodView> {
    const gateway = requireGateway(this.ctx.gateway);
    const customer = await this.customer(tenant);
    const outcome = await gateway.confirmSetup(customer, gatewayToken).catch((err: unknown) => {
      const missing =
        err instanceof ProviderError
          ? err.upstreamStatus === 404 || err.failure === 'not_found' || err.code === 'resource_missing'
          : (err as { status?: number })?.status === 404;
      if (missing) throw invalid(errorMessage('unknown_setup'), '/data/attributes/gatewayToken');
      throw err;
    });
    if (outcome.status === 'failed') {
      await this.ctx.audit(tenant, actor, 'payment_method.declined', gatewayToken, { code: outcome.declineCode ?? outcome.code });
      throw new InvalidInputError(
        errorMessage('setup_declined', { reason: outcome.message }),
        { pointer: '/data/attributes/gatewayToken' },
        { meta: { declineCode: outcome.declineCode ?? outcome.code } },
      );
    }
    if (outcome.status === 'pending') {
      throw new ConflictError(errorMessage('setup_not_finished'));
    }
    const { method } = outcome;
    const existing = await this.ctx.db
      .selectFrom('payment_methods')
      .selectAll()
      .where('tenant_id', '=', tenant)
      .where('token', '=', method.gatewayId)
      .executeTakeFirst();
    if (existing) return toMethodView(existing);
    const count = (await this.list(tenant)).length;
    const row: PaymentMethodTable = {
      id: crypto.randomUUID(),
      tenant_id: tenant,
      gateway: gateway.id,
      token: method.gatewayId,
      kind: KIND_OF[method.kind],
      brand: method.brand,
      last4: method.last4,
      exp_month: method.expMonth,
      exp_year: method.expYear,
      holder_name: '',
      is_default: makeDefault || count === 0 ? 1 : 0,
      created_at: this.ctx.now().toISOString(),
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      if (row.is_default) await trx.updateTable('payment_methods').set({ is_default: 0 }).where('tenant_id', '=', tenant).execute();
      await trx.insertInto('payment_methods').values(row).execute();
    });
    await this.ctx.audit(tenant, actor, 'payment_method.added', row.id, {
      label: methodLabel(row),
      kind: row.kind,
      isDefault: !!row.is_default,
    });
    return toMethodView(row);
  }

  async setDefault(tenant: string, actor: string, id: string): Promise<PaymentMethodView> {
    await this.#view(tenant, id);
    await this.ctx.db.transaction().execute(async (trx) => {
      await trx.updateTable('payment_methods').set({ is_default: 0 }).where('tenant_id', '=', tenant).execute();
      await trx.updateTable('payment_methods').set({ is_default: 1 }).where('tenant_id', '=', tenant).where('id', '=', id).execute();
    });
    const view = await this.#view(tenant, id);
    await this.ctx.audit(tenant, actor, 'payment_method.default', id, { label: view.label });
    return view;
  }

  /**
   * Detaches the method at the gateway and forgets it. Autopay's method is removed only with
   * `confirm` (autopay is then turned off: `autopayOff` says so); otherwise 409.
   */
  async remove(tenant: string, actor: string, id: string, confirm = false): Promise<{ autopayOff: boolean }> {
    const { db, gateway } = this.ctx;
    const row = await db.selectFrom('payment_methods').selectAll().where('tenant_id', '=', tenant).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound('payment method', id);
    const autopay = await db.selectFrom('autopay').selectAll().where('tenant_id', '=', tenant).executeTakeFirst();
    const forAutopay = !!autopay?.enabled && autopay.method_id === id;
    if (forAutopay && !confirm) {
      throw new ConflictError(errorMessage('method_in_use', { method: methodLabel(row) }));
    }
    if (gateway && row.gateway === gateway.id) {
      const customer = await this.customer(tenant);
      await gateway.detachMethod(customer, row.token).catch((err: unknown) => {
        if (!(
          err instanceof ProviderError &&
          (err.upstreamStatus === 404 || err.failure === 'not_found' || err.code === 'resource_missing')
        ))
          throw err;
      });
    }
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('payment_methods').where('tenant_id', '=', tenant).where('id', '=', id).execute();
      if (row.is_default) {
        const next = await trx
          .selectFrom('payment_methods')
          .select('id')
          .where('tenant_id', '=', tenant)
          .orderBy('created_at')
          .executeTakeFirst();
        if (next) await trx.updateTable('payment_methods').set({ is_default: 1 }).where('id', '=', next.id).execute();
      }
      if (forAutopay)
        await trx
          .updateTable('autopay')
          .set({ enabled: 0, method_id: null, updated_at: this.ctx.now().toISOString(), updated_by: actor })
          .where('tenant_id', '=', tenant)
          .execute();
    });
    await this.ctx.audit(tenant, actor, 'payment_method.removed', id, { label: methodLabel(row) });
    return { autopayOff: forAutopay };
  }

  /** A saved method named in a request: 422 at `pointer` when there is none. */
  async row(tenant: string, id: string, pointer: string): Promise<PaymentMethodTable> {
    const row = await this.ctx.db
      .selectFrom('payment_methods')
      .selectAll()
      .where('tenant_id', '=', tenant)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw invalid(errorMessage('unknown_payment_method'), pointer);
    return row;
  }

  /** The default method (else the oldest): 422 when the tenant saved none. */
  async defaultRow(tenant: string): Promise<PaymentMethodTable> {
    const row = await this.ctx.db
      .selectFrom('payment_methods')
      .selectAll()
      .where('tenant_id', '=', tenant)
      .orderBy('is_default', 'desc')
      .orderBy('created_at')
      .executeTakeFirst();
    if (!row) throw invalid(errorMessage('no_payment_method'), '/data/attributes/paymentMethodId');
    return row;
  }

  async #view(tenant: string, id: string): Promise<PaymentMethodView> {
    const row = await this.ctx.db
      .selectFrom('payment_methods')
      .selectAll()
      .where('tenant_id', '=', tenant)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('payment method', id);
    return toMethodView(row);
  }
}
