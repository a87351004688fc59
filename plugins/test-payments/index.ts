import { z } from 'zod';
import { ApiError, HostedPaymentGatewayToken, definePlugin } from '@glasspane/host';
import { TestPaymentGateway } from './gateway.js';
import { TestHostedGateway, type LedgerCharge, type LedgerRefund } from './hosted.js';
import { FIELDS_SCRIPT } from './fields.js';

export { TestPaymentGateway, TestHostedGateway, type LedgerCharge, type LedgerRefund };

/** The gateway each registration made, for the fields routes of the same host. */
let current: TestHostedGateway | undefined;

/**
 * The test payment gateway, for demos and tests only, with the same flow as Stripe: card
 * and bank numbers are typed into the gateway's own fields (here served by the host at
 * `/payments/test/fields.js`, outside the API), the host gets setup and method ids only.
 * Cards ending 4242 succeed, 0002 and 9995 are declined at setup, 0341 saves but its
 * charges are declined, 3184 asks for 3-D Secure on every charge (the script's challenge); US bank accounts settle later (ending 1116: they
 * bounce). The host's
 * entry point enables it with `GLASSPANE_PAYMENT_GATEWAY=test` (`none` registers nothing);
 * `GLASSPANE_TEST_GATEWAY_LEDGER` keeps its ledger in a file.
 */
export default definePlugin({
  id: 'test-payments',
  provides: ['PaymentGateway'],
  config: z
    .object({
      gateway: z.enum(['none', 'test']).default('test'),
      /** A JSON file for the ledger (charges, setups, methods), so it outlives the process. */
      ledgerFile: z.string().min(1).optional(),
      webhookSecret: z.string().min(8).optional(),
    })
    .strict(),
  fromEnv: (env) => ({
    gateway: env.GLASSPANE_PAYMENT_GATEWAY || undefined,
    ...(env.GLASSPANE_TEST_GATEWAY_LEDGER ? { ledgerFile: env.GLASSPANE_TEST_GATEWAY_LEDGER } : {}),
  }),
  register({ container, config }) {
    if (config.gateway !== 'test') return;
    current = new TestHostedGateway({ ledgerFile: config.ledgerFile, webhookSecret: config.webhookSecret });
    container.register(HostedPaymentGatewayToken, { useValue: current });
  },
  routes(app) {
    const gateway = current;
    if (!gateway) return;
    // The gateway's "own fields": a script the element loads, and where it posts what was typed.
    // Not under /api/v1: on a real gateway this is the gateway's domain, never the host's API.
    app.get('/payments/test/fields.js', (c) =>
      c.body(FIELDS_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }),
    );
    app.post('/payments/test/confirm', async (c) => {
      const body = (await c.req.json().catch(() => null)) as {
        clientSecret?: unknown;
        kind?: unknown;
        number?: unknown;
        expMonth?: unknown;
        expYear?: unknown;
      } | null;
      if (!body || typeof body.clientSecret !== 'string' || typeof body.number !== 'string') {
        throw new ApiError(400, 'invalid', 'Invalid', 'Send clientSecret and number.');
      }
      const kind = body.kind === 'us_bank_account' || body.kind === 'sepa_debit' ? body.kind : 'card';
      const status = gateway.completeSetup(body.clientSecret, {
        kind,
        number: body.number,
        expMonth: typeof body.expMonth === 'number' ? body.expMonth : undefined,
        expYear: typeof body.expYear === 'number' ? body.expYear : undefined,
      });
      return c.json({ status }, 200);
    });
    // The challenge the fields script shows for a payment that asks for 3-D Secure: the
    // outcome reaches the host as the gateway's signed webhook, as Stripe's would.
    app.post('/payments/test/authenticate', async (c) => {
      const body = (await c.req.json().catch(() => null)) as { clientSecret?: unknown; result?: unknown } | null;
      if (!body || typeof body.clientSecret !== 'string') throw new ApiError(400, 'invalid', 'Invalid', 'Send clientSecret.');
      const event = gateway.authenticate(body.clientSecret, body.result !== 'fail');
      if (!event)
        throw new ApiError(409, 'not_waiting', 'Not waiting for authentication', 'This payment is not waiting for authentication.');
      const { body: raw, signature } = gateway.signWebhook(event);
      await app.request('/api/v1/hooks/payments/test', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'test-signature': signature },
        body: raw,
      });
      return c.json({ status: event.type === 'payment_intent.succeeded' ? 'succeeded' : 'failed' }, 200);
    });
  },
});
