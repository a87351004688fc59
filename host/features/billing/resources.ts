import type { Invoice } from '../../ports/billing-provider.js';
import type { AutopayView, PaymentMethodView, PaymentView } from './views.js';

/**
 * JSON:API resource objects of billing: what the routes answer and what the event
 * stream carries for the elements to patch in.
 */
export const paymentResource = (p: PaymentView) => {
  const { id, ...attributes } = p;
  return { type: 'payments' as const, id, attributes };
};

export const invoiceResource = (invoice: Invoice) => {
  const { id, ...attributes } = invoice;
  return { type: 'invoices' as const, id, attributes: { ...attributes, pdf: `/api/v1/invoices/${encodeURIComponent(id)}/pdf` } };
};

export const methodResource = (m: PaymentMethodView) => {
  const { id, ...attributes } = m;
  return { type: 'payment-methods' as const, id, attributes };
};

export const autopayResource = (tenant: string, view: AutopayView) => ({ type: 'autopay' as const, id: tenant, attributes: view });
