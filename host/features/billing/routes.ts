import type { Role } from '../../auth/roles.js';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { HostEnv } from '../../context.js';
import type { HostServices } from '../../container.js';
import { requireToken, readsAndWrites, type AuthConfig } from '../../auth/middleware.js';
import { ApiError } from '../../errors.js';
import { carriesCardData } from './validation.js';
import { invoiceRoutes } from './invoice-routes.js';
import { paymentMethodRoutes } from './payment-method-routes.js';
import { paymentRoutes } from './payment-routes.js';
import type { InvoiceIssuer } from './invoice-pdf.js';
import { errorMessage } from '../../error-messages.js';

/** Who may read invoices, payments, methods and autopay: over REST and on the event stream alike. */
export const BILLING_READERS: readonly Role[] = ['customer', 'billing', 'staff'];

/**
 * Billing's HTTP API: its guards (readers read, the billing role writes; card data is refused
 * before validation), then the invoice, payment-method and payment routes.
 */
export function billingRoutes(
  app: OpenAPIHono<HostEnv>,
  auth: AuthConfig,
  deps: Pick<HostServices, 'billing' | 'tenants'> & { issuer: InvoiceIssuer },
) {
  const reader = requireToken(auth, { roles: [...BILLING_READERS] });
  const payer = requireToken(auth, { roles: ['billing'] });
  const byMethod = readsAndWrites(reader, payer);
  for (const path of [
    '/api/v1/invoices',
    '/api/v1/invoices/*',
    '/api/v1/payment-methods',
    '/api/v1/payment-methods/*',
    '/api/v1/payments',
    '/api/v1/autopay',
  ])
    app.use(path, byMethod);
  app.use('/api/v1/payment-setups', payer);
  // One payment (its 3-D Secure hand-off); refunds under it have their own (staff) guard.
  app.get('/api/v1/payments/:id', reader);
  // Card data never goes further than this: refused before validation, so no error echoes it.
  app.use('/api/v1/payment-methods', async (c, next) => {
    if (c.req.method === 'POST' && carriesCardData(await c.req.json().catch(() => null))) {
      throw new ApiError(422, errorMessage('card_data_refused'), {
        source: { pointer: '/data/attributes' },
      });
    }
    await next();
  });
  invoiceRoutes(app, deps);
  paymentMethodRoutes(app, deps);
  paymentRoutes(app, deps);
}
