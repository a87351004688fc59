import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HostedPaymentGatewayToken, PluginConfigError, loadPlugin, resolvePluginConfig } from '@glasspane/host';
import testPayments, { TestHostedGateway } from './index.js';

/** What the gateway's fields do in the browser, then what the host asks. */
async function save(gateway: TestHostedGateway, number: string) {
  const setup = await gateway.createSetup('cus_test_a', { methodTypes: ['card'] });
  gateway.completeSetup(setup.clientSecret, { number });
  return gateway.confirmSetup('cus_test_a', setup.id);
}

describe('test payment gateway (hosted fields)', () => {
  it('saves only succeeded setups and charges once per idempotency key, keeping a ledger', async () => {
    const gateway = new TestHostedGateway();
    const visa = await save(gateway, '4242424242424242');
    assert.equal(visa.status, 'saved');
    const declined = await save(gateway, '4000000000000002');
    assert.deepEqual([declined.status, declined.status === 'failed' && declined.declineCode], ['failed', 'card_declined']);
    assert.deepEqual(
      (await gateway.listMethods('cus_test_a')).map((m) => m.last4),
      ['4242'],
    );
    if (visa.status !== 'saved') return;
    const request = {
      customerId: 'cus_test_a',
      methodId: visa.method.gatewayId,
      amount: 100,
      currency: 'EUR',
      idempotencyKey: 'k1',
      offSession: false,
      metadata: { glasspane_payment: 'p1' },
    };
    const first = await gateway.charge(request);
    assert.equal(first.status, 'succeeded');
    assert.equal((await gateway.charge(request)).id, first.id, 'the same key answers the same charge');
    await assert.rejects(gateway.charge({ ...request, amount: 200 }), /same parameters/);
    assert.equal(gateway.charges().length, 1);
    assert.equal((await gateway.findCharge({ metadata: { glasspane_payment: 'p1' } }))?.id, first.id);
    assert.equal(await gateway.findCharge({ metadata: { glasspane_payment: 'p2' } }), null);
  });

  it('keeps its ledger in a file across instances, and verifies its webhooks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gp-ledger-'));
    try {
      const file = join(dir, 'ledger.json');
      const a = new TestHostedGateway({ ledgerFile: file });
      const saved = await save(a, '4242424242424242');
      assert.equal(saved.status, 'saved');
      if (saved.status !== 'saved') return;
      await a.charge({
        customerId: 'cus_test_a',
        methodId: saved.method.gatewayId,
        amount: 100,
        currency: 'eur',
        idempotencyKey: 'k',
        offSession: true,
        metadata: {},
      });
      const b = new TestHostedGateway({ ledgerFile: file });
      assert.equal(b.charges().length, 1);
      const { body, signature } = b.signWebhook({ id: 'evt_1', type: 'payment_intent.succeeded', created: 1 });
      assert.equal(b.parseWebhook(body, signature).id, 'evt_1');
      assert.throws(() => b.parseWebhook(body, 'ab'.repeat(32)), /signature/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is registered for GLASSPANE_PAYMENT_GATEWAY=test, not for none, and refuses anything else', async () => {
    for (const [value, registered] of [
      ['test', true],
      ['none', false],
    ] as const) {
      const container = await loadPlugin(testPayments, resolvePluginConfig(testPayments, undefined, { GLASSPANE_PAYMENT_GATEWAY: value }));
      assert.equal(container.isRegistered(HostedPaymentGatewayToken), registered, value);
    }
    assert.throws(() => resolvePluginConfig(testPayments, undefined, { GLASSPANE_PAYMENT_GATEWAY: 'stripe' }), PluginConfigError);
    assert.deepEqual(resolvePluginConfig(testPayments, undefined, {}), { gateway: 'test' }, 'listed without configuration, it is on');
  });
});
