import { hostedGatewayConformance } from '@glasspane/host/testing';
import { TestHostedGateway } from './index.js';

// The test gateway in memory; its ledger is the world.
hostedGatewayConformance('test-payments', async () => {
  const gateway = new TestHostedGateway();
  return {
    gateway,
    completeSetup: (setup, card) =>
      void gateway.completeSetup(setup.clientSecret, { number: card === 'good' ? '4242424242424242' : '4000000000000002' }),
    chargesAt: (customerId) =>
      gateway
        .charges()
        .filter((c) => c.customerId === customerId)
        .map((c) => ({ amount: c.amount, succeeded: c.status === 'succeeded' })),
    refundsAt: (paymentId) =>
      gateway
        .refunds()
        .filter((r) => r.paymentId === paymentId)
        .map((r) => ({ amount: r.amount })),
  };
});
