import { z } from 'zod';
import { PaymentGatewayToken, definePlugin } from '../../host/index.js';
import { TestPaymentGateway } from './gateway.js';

export { TestPaymentGateway };

/**
 * The test payment gateway, for demos and tests only: cards ending 4242 succeed, 0002 are
 * declined, 9995 lack funds; ACH accounts ending 1116 succeed, 2227 bounce. The host's
 * entry point enables it with `GLASSPANE_PAYMENT_GATEWAY=test` (`none` registers nothing);
 * a production host registers its real gateway under `PaymentGatewayToken` instead.
 */
export default definePlugin({
  id: 'test-payments',
  provides: ['PaymentGateway'],
  config: z.object({ gateway: z.enum(['none', 'test']).default('test') }).strict(),
  fromEnv: (env) => ({ gateway: env.GLASSPANE_PAYMENT_GATEWAY || undefined }),
  register({ container, config }) {
    if (config.gateway === 'test') container.register(PaymentGatewayToken, { useValue: new TestPaymentGateway() });
  },
});
