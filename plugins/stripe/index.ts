import { definePlugin, type PortName } from '@glasspane/host';
import { HostedPaymentGatewayToken } from '@glasspane/host';
import { PLUGIN_ID } from './client.js';
import { StripeHostedGateway, stripeConfig } from './gateway.js';

export { StripeClient, STRIPE_API_VERSION } from './client.js';
export { StripeHostedGateway, stripeConfig, TENANT_KEY, type StripeConfig } from './gateway.js';
export { verifyStripeWebhook, WebhookSignatureError } from './webhook.js';

/**
 * Stripe as the payment gateway: cards, US bank accounts (ACH) and SEPA debits saved in
 * Stripe's own fields (Stripe.js; SAQ A), charged off-session by PaymentIntent. Configure
 * with `STRIPE_SECRET_KEY` (sk_… or rk_…), `STRIPE_PUBLISHABLE_KEY` (pk_…),
 * `STRIPE_WEBHOOK_SECRET` (whsec_…), optional `STRIPE_API_BASE` and `STRIPE_JS_URL`; point a
 * Stripe webhook endpoint at `/api/v1/hooks/payments/stripe`.
 */
export default definePlugin({
  id: PLUGIN_ID,
  // The HostedPaymentGateway port is not a PortName yet; the host adopts it when it wires this plugin.
  provides: ['PaymentGateway' as PortName],
  config: stripeConfig,
  fromEnv: (env) => ({
    secretKey: env.STRIPE_SECRET_KEY,
    publishableKey: env.STRIPE_PUBLISHABLE_KEY,
    webhookSecret: env.STRIPE_WEBHOOK_SECRET,
    apiBase: env.STRIPE_API_BASE || undefined,
    jsUrl: env.STRIPE_JS_URL || undefined,
  }),
  register({ container, config }) {
    container.register(HostedPaymentGatewayToken, { useValue: new StripeHostedGateway(config) });
  },
});
