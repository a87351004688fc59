import { ApiError, type ApiResponse, type Schemas } from './api-client.js';
import type { GlasspaneContext } from './context.js';

/**
 * Paying and saving methods, shared by gp-invoice-list, gp-invoice-detail and
 * gp-payment-methods: the gateway's own fields (card and bank numbers are typed there,
 * never into an element) and payment attempts under a stable Idempotency-Key.
 */

export type PaymentMethod = Schemas['PaymentMethod'];
export type PaymentSetup = ApiResponse<'/payment-setups', 'post'>['data'];
export type Autopay = ApiResponse<'/autopay'>['data']['attributes'];

/** What confirming the gateway's fields ended in; `message` is the gateway's words for a decline. */
export type ConfirmResult = { status: 'succeeded' | 'failed'; message?: string };
/** The gateway's fields, mounted in a container: card and bank numbers are typed there, never into the element. */
export interface GatewayFields {
  confirm(): Promise<ConfirmResult>;
}

const scripts = new Map<string, Promise<void>>();

/** Loads a gateway's script once per page, as a classic script in the document's head. */
function loadScript(src: string): Promise<void> {
  let loading = scripts.get(src);
  if (!loading) {
    loading = new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = src;
      script.async = true;
      script.onload = () => resolve();
      script.onerror = () => {
        scripts.delete(src);
        script.remove();
        reject(new Error(`The payment gateway's script did not load (${src}).`));
      };
      document.head.append(script);
    });
    scripts.set(src, loading);
  }
  return loading;
}

/**
 * Draws the gateway's own fields for `setup` inside `container`: the test gateway's
 * (`GlasspaneTestFields`) or Stripe's Payment Element. `apiUrl` resolves a relative script URL.
 */
export async function mountGatewayFields(setup: PaymentSetup['attributes'], container: HTMLElement, apiUrl: string): Promise<GatewayFields> {
  await loadScript(new URL(setup.scriptUrl, new URL(apiUrl).origin).href);
  // The gateways' scripts are untyped globals.
  const w = window as unknown as Record<string, any>;
  if (setup.gateway === 'test') return w.GlasspaneTestFields.mount(container, { clientSecret: setup.clientSecret }) as GatewayFields;
  if (setup.gateway === 'stripe') {
    const stripe = w.Stripe(setup.publishableKey);
    const elements = stripe.elements({ clientSecret: setup.clientSecret });
    elements.create('payment').mount(container);
    return {
      async confirm() {
        const result = await stripe.confirmSetup({ elements, redirect: 'if_required' });
        return result.error ? { status: 'failed', message: result.error.message } : { status: result.setupIntent?.status === 'succeeded' ? 'succeeded' : 'failed' };
      },
    };
  }
  throw new Error(`Unknown payment gateway "${setup.gateway}".`);
}

/** Starts saving a method: what the gateway's fields need (script, client secret). */
export async function startSetup(gp: GlasspaneContext): Promise<PaymentSetup> {
  return (await gp.api.send('POST', '/payment-setups')).data;
}

/** Saves the method of a setup the gateway's fields confirmed; the host refuses a declined one (422). */
export async function saveMethod(gp: GlasspaneContext, gatewayToken: string, makeDefault = false): Promise<PaymentMethod> {
  return (await gp.api.send('POST', '/payment-methods', { data: { type: 'payment-methods', attributes: { gatewayToken, makeDefault } } })).data;
}

/**
 * Payment attempts of one element: each carries its own Idempotency-Key, reused while the
 * same invoices are paid with the same method again (a retry after a timeout or a 5xx),
 * so a double click or a retry never pays twice. A decline ends the attempt.
 */
export class PaymentAttempts {
  #attempt: { key: string; signature: string } | null = null;

  async pay(gp: GlasspaneContext, invoiceIds: string[], paymentMethodId: string): Promise<Schemas['Payment']> {
    const signature = JSON.stringify([[...invoiceIds].sort(), paymentMethodId]);
    if (this.#attempt?.signature !== signature) this.#attempt = { key: crypto.randomUUID(), signature };
    try {
      const doc = await gp.api.send('POST', '/payments', { data: { type: 'payments', attributes: { invoiceIds, paymentMethodId } } }, { headers: { 'idempotency-key': this.#attempt.key } });
      this.#attempt = null;
      return doc.data;
    } catch (err) {
      // A declined card is final for this attempt: the next try gets a new key.
      if (err instanceof ApiError && err.status === 402) this.#attempt = null;
      throw err;
    }
  }
}
