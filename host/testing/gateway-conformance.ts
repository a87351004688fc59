import { describe, test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import type {
  ChargeOutcome,
  ChargeRequest,
  GatewayCustomer,
  HostedPaymentGateway,
  HostedSetup,
  SavedMethod,
} from '../ports/hosted-payment-gateway.js';

/**
 * What a HostedPaymentGateway's conformance run needs: the gateway, what the customer's browser
 * does in the gateway's own fields, and the gateway's world (the fake's ledger, read from the
 * fake, never through the plugin).
 */
export interface HostedGatewayConformanceSubject {
  gateway: HostedPaymentGateway;
  /**
   * Confirms a setup as the customer's browser would in the gateway's fields: `good` with the
   * gateway's succeeding test card (a Visa ending 4242), `declined` with its card the bank
   * declines at setup. A decline must not throw here (catch what the fake throws).
   */
  completeSetup(setup: HostedSetup, card: 'good' | 'declined'): void | Promise<void>;
  /** Every charge attempt the gateway's world holds for a customer, and whether it took money. */
  chargesAt(customerId: string): { amount: number; succeeded: boolean }[] | Promise<{ amount: number; succeeded: boolean }[]>;
  /** Every refund the gateway's world holds for a payment (a ChargeOutcome's `id`). */
  refundsAt(paymentId: string): { amount: number }[] | Promise<{ amount: number }[]>;
  /**
   * Lets the gateway's search catch up with its writes (Stripe: advance the fake's clock past
   * its search lag). Called before `findCharge` by metadata; omit where search is immediate.
   */
  searchCaughtUp?(): void | Promise<void>;
  close?(): Promise<void>;
}

const runId = Math.random().toString(36).slice(2, 10);
let keys = 0;
const key = (what: string) => `conformance-${runId}-${what}-${++keys}`;

/**
 * The behaviour every HostedPaymentGateway owes the host, as a `node:test` suite: one customer
 * per tenant (another tenant's `knownId` never reused), only a confirmed good setup saved and
 * listed with its brand and last four, another customer's setup and method neither found nor
 * usable, one charge and one refund per idempotency key in the gateway's ledger (a refund never
 * above the charge), charges found again by id and by metadata, a detached method gone and no
 * longer chargeable, and (where `cancelCharge` is implemented) a completed charge never
 * cancelled. Run it against the plugin's fake.
 */
export function hostedGatewayConformance(name: string, setup: () => Promise<HostedGatewayConformanceSubject>): void {
  describe(`HostedPaymentGateway conformance: ${name}`, () => {
    let s: HostedGatewayConformanceSubject;
    let a: GatewayCustomer;
    let b: GatewayCustomer;
    const tenantA = `conf-a-${runId}`;
    const tenantB = `conf-b-${runId}`;
    before(async () => {
      s = await setup();
      a = await s.gateway.ensureCustomer(tenantA, { name: 'Conformance A GmbH', email: 'billing@a.test' });
      b = await s.gateway.ensureCustomer(tenantB, { name: 'Conformance B Ltd', email: 'billing@b.test' });
    });
    after(async () => {
      await s?.close?.();
    });

    /** Saves the good card for a customer as the browser would; returns the saved method. */
    const save = async (customer: GatewayCustomer): Promise<SavedMethod> => {
      const started = await s.gateway.createSetup(customer.id, { methodTypes: ['card'], idempotencyKey: key('setup') });
      await s.completeSetup(started, 'good');
      const outcome = await s.gateway.confirmSetup(customer.id, started.id);
      assert.equal(outcome.status, 'saved', `the good card was not saved: ${JSON.stringify(outcome)}`);
      return (outcome as { method: SavedMethod }).method;
    };
    const chargeOf = (customer: GatewayCustomer, method: SavedMethod, over: Partial<ChargeRequest> = {}): ChargeRequest => ({
      customerId: customer.id,
      methodId: method.gatewayId,
      amount: 1999,
      currency: 'usd',
      idempotencyKey: key('charge'),
      offSession: true,
      metadata: { glasspane_payment: key('payment') },
      ...over,
    });
    const succeeded = async (customerId: string) => (await s.chargesAt(customerId)).filter((c) => c.succeeded);

    test('one customer per tenant, found again by tenant and by knownId; another tenant’s knownId is not reused', async () => {
      assert.ok(a.id && b.id, 'a customer has an id');
      assert.notEqual(a.id, b.id, 'two tenants share a customer');
      assert.deepEqual(
        await s.gateway.ensureCustomer(tenantA, { name: 'Conformance A GmbH', email: 'billing@a.test' }),
        a,
        'a second call made another customer',
      );
      assert.deepEqual(
        await s.gateway.ensureCustomer(tenantA, { name: 'Conformance A GmbH', knownId: a.id }),
        a,
        'the known id was not answered',
      );
      const stolen = await s.gateway.ensureCustomer(tenantB, { name: 'Conformance B Ltd', email: 'billing@b.test', knownId: a.id });
      assert.notEqual(stolen.id, a.id, 'another tenant’s customer was answered for its knownId');
    });

    test('a confirmed good setup is saved and listed with brand and last four; a declined one saves nothing', async () => {
      const customer = await s.gateway.ensureCustomer(`conf-save-${runId}`, { name: 'Conformance Save' });
      const declined = await s.gateway.createSetup(customer.id, { methodTypes: ['card'], idempotencyKey: key('setup') });
      assert.ok(
        declined.id && declined.clientSecret && declined.publishableKey && declined.scriptUrl,
        `a setup needs what the browser loads: ${JSON.stringify({ ...declined, clientSecret: !!declined.clientSecret })}`,
      );
      await s.completeSetup(declined, 'declined');
      const failed = await s.gateway.confirmSetup(customer.id, declined.id);
      assert.equal(failed.status, 'failed', `a declined card was not a failed setup: ${JSON.stringify(failed)}`);
      assert.deepEqual(await s.gateway.listMethods(customer.id), [], 'a declined card was saved');

      const method = await save(customer);
      assert.deepEqual([method.kind, method.brand, method.last4], ['card', 'visa', '4242']);
      assert.ok(method.gatewayId, 'a saved method has the gateway’s id');
      const listed = await s.gateway.listMethods(customer.id);
      assert.deepEqual(
        listed.map((m) => [m.gatewayId, m.brand, m.last4]),
        [[method.gatewayId, 'visa', '4242']],
      );
    });

    test('another customer’s setup and method are neither found, listed, detached nor charged', async () => {
      const started = await s.gateway.createSetup(a.id, { methodTypes: ['card'], idempotencyKey: key('setup') });
      await s.completeSetup(started, 'good');
      await assert.rejects(s.gateway.confirmSetup(b.id, started.id), 'another customer’s setup was answered');
      const outcome = await s.gateway.confirmSetup(a.id, started.id);
      assert.equal(outcome.status, 'saved');
      const method = (outcome as { method: SavedMethod }).method;
      assert.ok(!(await s.gateway.listMethods(b.id)).some((m) => m.gatewayId === method.gatewayId), 'another customer’s method is listed');
      await assert.rejects(s.gateway.detachMethod(b.id, method.gatewayId), 'another customer’s method was detached');
      assert.ok(
        (await s.gateway.listMethods(a.id)).some((m) => m.gatewayId === method.gatewayId),
        'the owner lost the method',
      );
      const theft = await s.gateway.charge(chargeOf(b, method)).catch((err: unknown) => err);
      assert.ok(
        !(theft && typeof theft === 'object' && 'status' in theft && (theft as ChargeOutcome).status === 'succeeded'),
        'another customer’s method was charged',
      );
      assert.deepEqual(await succeeded(b.id), [], 'money was taken with another customer’s method');
    });

    test('a charge sent twice with one idempotency key is one charge in the ledger, found by id and by metadata', async () => {
      const customer = await s.gateway.ensureCustomer(`conf-charge-${runId}`, { name: 'Conformance Charge' });
      const method = await save(customer);
      const request = chargeOf(customer, method);
      const first = await s.gateway.charge(request);
      const again = await s.gateway.charge(request);
      assert.deepEqual([first.status, first.amount, first.currency.toLowerCase()], ['succeeded', 1999, 'usd']);
      assert.ok(first.id, 'a charge has the gateway’s id');
      assert.equal(again.id, first.id, 'a retry answered another charge');
      assert.deepEqual(await s.chargesAt(customer.id), [{ amount: 1999, succeeded: true }], 'charged more than once');

      assert.deepEqual(
        [(await s.gateway.findCharge({ id: first.id }))?.id, (await s.gateway.findCharge({ id: first.id }))?.status],
        [first.id, 'succeeded'],
      );
      await s.searchCaughtUp?.();
      const byMetadata = await s.gateway.findCharge({ metadata: request.metadata });
      assert.equal(byMetadata?.id, first.id, 'the charge is not found by its metadata');
      assert.deepEqual(byMetadata?.metadata, request.metadata);
      assert.equal(
        await s.gateway.findCharge({ metadata: { glasspane_payment: `never-${runId}` } }),
        null,
        'a charge was found for metadata nobody sent',
      );
    });

    test('a refund sent twice with one key is one refund, and refunds never exceed the charge', async () => {
      const customer = await s.gateway.ensureCustomer(`conf-refund-${runId}`, { name: 'Conformance Refund' });
      const method = await save(customer);
      const paid = await s.gateway.charge(chargeOf(customer, method, { amount: 5000 }));
      assert.equal(paid.status, 'succeeded');
      const request = { paymentId: paid.id, amount: 3000, idempotencyKey: key('refund'), reason: 'requested_by_customer' as const };
      const first = await s.gateway.refund(request);
      const again = await s.gateway.refund(request);
      assert.equal(again.id, first.id, 'a retry answered another refund');
      assert.deepEqual([first.amount, first.status], [3000, 'succeeded']);
      assert.deepEqual(await s.refundsAt(paid.id), [{ amount: 3000 }], 'refunded more than once');

      await assert.rejects(
        s.gateway.refund({ paymentId: paid.id, amount: 2001, idempotencyKey: key('refund') }),
        'refunded more than was left',
      );
      const rest = await s.gateway.refund({ paymentId: paid.id, idempotencyKey: key('refund') });
      assert.equal(rest.amount, 2000, 'a refund without an amount is not what was left');
      await assert.rejects(
        s.gateway.refund({ paymentId: paid.id, amount: 1, idempotencyKey: key('refund') }),
        'refunded a fully refunded charge',
      );
      const refunds = await s.refundsAt(paid.id);
      assert.equal(
        refunds.reduce((sum, r) => sum + r.amount, 0),
        5000,
        `refunds do not add up to the charge: ${JSON.stringify(refunds)}`,
      );
    });

    test('a detached method is no longer listed nor chargeable', async () => {
      const customer = await s.gateway.ensureCustomer(`conf-detach-${runId}`, { name: 'Conformance Detach' });
      const method = await save(customer);
      await s.gateway.detachMethod(customer.id, method.gatewayId);
      assert.ok(!(await s.gateway.listMethods(customer.id)).some((m) => m.gatewayId === method.gatewayId), 'a detached method is listed');
      const outcome = await s.gateway.charge(chargeOf(customer, method)).catch((err: unknown) => err);
      assert.ok(
        !(outcome && typeof outcome === 'object' && 'status' in outcome && (outcome as ChargeOutcome).status === 'succeeded'),
        'a detached method was charged',
      );
      assert.deepEqual(await succeeded(customer.id), [], 'money was taken with a detached method');
    });

    test('cancelCharge, where implemented, never cancels a completed charge', async (t) => {
      if (!s.gateway.cancelCharge) return t.skip('cancelCharge is not implemented (optional)');
      const customer = await s.gateway.ensureCustomer(`conf-cancel-${runId}`, { name: 'Conformance Cancel' });
      const method = await save(customer);
      const paid = await s.gateway.charge(chargeOf(customer, method));
      assert.equal(paid.status, 'succeeded');
      const after = await s.gateway.cancelCharge(paid.id, key('cancel'));
      assert.deepEqual([after.id, after.status], [paid.id, 'succeeded'], 'a completed charge was answered as cancelled');
      assert.deepEqual(await succeeded(customer.id), [{ amount: 1999, succeeded: true }], 'the completed charge was lost');
    });
  });
}
