import { hostedGatewayConformance } from '@glasspane/host/testing';
import { startStripeFake } from './fake.js';
import { StripeHostedGateway } from './gateway.js';

// Stripe's API as its loopback fake serves it; the fake's clock moves only when search must catch up.
hostedGatewayConformance('stripe', async () => {
  let clock = Date.parse('2026-11-24T10:00:00Z');
  const fake = await startStripeFake({ now: () => clock, searchLagMs: 60_000 });
  const gateway = new StripeHostedGateway({
    apiBase: fake.url,
    secretKey: fake.secretKey,
    publishableKey: fake.publishableKey,
    webhookSecret: 'whsec_conformance',
    jsUrl: 'https://js.stripe.com/v3/',
    now: () => clock,
    sleep: async () => {},
  });
  return {
    gateway,
    completeSetup(setup, card) {
      try {
        fake.confirmSetup(setup.id, {
          client_secret: setup.clientSecret,
          payment_method: card === 'good' ? 'pm_card_visa' : 'pm_card_chargeDeclined',
        });
      } catch (err) {
        // Stripe.js shows the 402 decline to the customer; the setup keeps its last_setup_error.
        if (card === 'good') throw err;
      }
    },
    chargesAt: (customerId) =>
      fake.chargesMade(customerId).map((c) => ({ amount: c.amount as number, succeeded: c.status === 'succeeded' })),
    refundsAt: (paymentId) => fake.refundsMade(paymentId).map((r) => ({ amount: r.amount as number })),
    searchCaughtUp: () => void (clock += 61_000),
    close: () => fake.close(),
  };
});
