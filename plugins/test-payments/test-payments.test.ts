import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PaymentGatewayToken, PluginConfigError, loadPlugin, resolvePluginConfig } from '../../host/index.js';
import testPayments, { TestPaymentGateway } from './index.js';

const card = (number: string) => ({ kind: 'card' as const, number, expMonth: 12, expYear: 2030, cvc: '123', holderName: 'A' });

describe('test payment gateway', () => {
  it("answers with the published test numbers' outcomes, once per idempotency key", async () => {
    const gateway = new TestPaymentGateway();
    const charge = async (number: string, key: string) => gateway.charge({ token: (await gateway.tokenize(card(number))).token, amount: 100, currency: 'EUR', idempotencyKey: key, description: 'x' });
    assert.equal((await charge('4242424242424242', 'a')).status, 'succeeded');
    const declined = await charge('4000000000000002', 'b');
    assert.deepEqual([declined.status, declined.status === 'declined' && declined.code], ['declined', 'card_declined']);
    const again = await charge('4242424242424242', 'b');
    assert.equal(again.id, declined.id, 'the same key answers the same');
    const ach = await gateway.tokenize({ kind: 'ach', routingNumber: '011000015', accountNumber: '0002227', accountType: 'checking', holderName: 'A' });
    assert.equal(ach.brand, 'ach');
    assert.match(ach.token, /^tok_test_account_closed_/);
  });

  it('is registered for GLASSPANE_PAYMENT_GATEWAY=test, not for none, and refuses anything else', async () => {
    for (const [value, registered] of [['test', true], ['none', false]] as const) {
      const container = await loadPlugin(testPayments, resolvePluginConfig(testPayments, undefined, { GLASSPANE_PAYMENT_GATEWAY: value }));
      assert.equal(container.isRegistered(PaymentGatewayToken), registered, value);
    }
    assert.throws(() => resolvePluginConfig(testPayments, undefined, { GLASSPANE_PAYMENT_GATEWAY: 'stripe' }), PluginConfigError);
    assert.deepEqual(resolvePluginConfig(testPayments, undefined, {}), { gateway: 'test' }, 'listed without configuration, it is on');
  });
});
