import { ApiError, type ApiResponse, type Schemas } from './api-client.js';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
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
export async function mountGatewayFields(
  setup: PaymentSetup['attributes'],
  container: HTMLElement,
  apiUrl: string,
): Promise<GatewayFields> {
  await loadScript(new URL(setup.scriptUrl, new URL(apiUrl).origin).href);
  // The gateways' scripts are untyped globals.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the gateways' scripts are untyped globals
  const w = window as unknown as Record<string, any>;
  if (setup.gateway === 'test') return w.GlasspaneTestFields.mount(container, { clientSecret: setup.clientSecret }) as GatewayFields;
  if (setup.gateway === 'stripe') {
    const stripe = w.Stripe(setup.publishableKey);
    const elements = stripe.elements({ clientSecret: setup.clientSecret });
    elements.create('payment').mount(container);
    return {
      async confirm() {
        const result = await stripe.confirmSetup({ elements, redirect: 'if_required' });
        return result.error
          ? { status: 'failed', message: result.error.message }
          : { status: result.setupIntent?.status === 'succeeded' ? 'succeeded' : 'failed' };
      },
    };
  }
  throw new Error(`Unknown payment gateway "${setup.gateway}".`);
}

export type PaymentNextAction = NonNullable<Schemas['PaymentNextAction']>;

/**
 * Hands a payment's 3-D Secure challenge to the gateway's script: Stripe.js's
 * `handleNextAction({clientSecret})` (its own modal, from Stripe's domain) or the test
 * gateway's equivalent. Resolves when the customer is done; how the payment ended is the
 * host's to say (its webhook), so the caller reads the payment again.
 */
export async function handleNextAction(next: PaymentNextAction, apiUrl: string): Promise<void> {
  await loadScript(new URL(next.scriptUrl, new URL(apiUrl).origin).href);
  // The gateways' scripts are untyped globals (Stripe.js, the test gateway's fields).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const w = window as unknown as Record<string, any>;
  if (next.gateway === 'test') return void (await w.GlasspaneTestFields.handleNextAction({ clientSecret: next.clientSecret }));
  if (next.gateway === 'stripe') return void (await w.Stripe(next.publishableKey).handleNextAction({ clientSecret: next.clientSecret }));
  throw new Error(`Unknown payment gateway "${next.gateway}".`);
}

/** Starts saving a method: what the gateway's fields need (script, client secret). */
export async function startSetup(gp: GlasspaneContext): Promise<PaymentSetup> {
  return (await gp.api.send('POST', '/payment-setups')).data;
}

/** Saves the method of a setup the gateway's fields confirmed; the host refuses a declined one (422). */
export async function saveMethod(gp: GlasspaneContext, gatewayToken: string, makeDefault = false): Promise<PaymentMethod> {
  return (await gp.api.send('POST', '/payment-methods', { data: { type: 'payment-methods', attributes: { gatewayToken, makeDefault } } }))
    .data;
}

/**
 * Whether `error` is a payment the bank did not confirm (3-D Secure) and the gateway gave no
 * reason for: the element words it (`paymentNotConfirmed`) instead of the error's English title.
 * By name, not `instanceof`, like `errorReason`.
 */
export function unconfirmedPayment(error: unknown): boolean {
  const api = (error as Error | undefined)?.name === 'ApiError' ? (error as ApiError) : undefined;
  return api?.status === 402 && !api.errors[0]?.detail;
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
      const doc = await gp.api.send(
        'POST',
        '/payments',
        { data: { type: 'payments', attributes: { invoiceIds, paymentMethodId } } },
        { headers: { 'idempotency-key': this.#attempt.key } },
      );
      this.#attempt = null;
      const next = doc.meta?.nextAction;
      return doc.data.attributes.state === 'requires_action' && next ? await this.#authenticate(gp, doc.data, next) : doc.data;
    } catch (err) {
      // A declined card is final for this attempt: the next try gets a new key.
      if (err instanceof ApiError && err.status === 402) this.#attempt = null;
      throw err;
    }
  }

  /**
   * The bank's challenge (3-D Secure), then the payment as the host settled it: read again
   * until its webhook has arrived (bounded; still waiting then, it is answered as processing
   * and the stream brings the end). A failed or abandoned challenge is a 402 like a decline.
   */
  async #authenticate(gp: GlasspaneContext, payment: Schemas['Payment'], next: PaymentNextAction): Promise<Schemas['Payment']> {
    await handleNextAction(next, gp.api.url('/'));
    let current = payment;
    for (let i = 0; i < 30 && current.attributes.state === 'requires_action'; i++) {
      await new Promise((r) => setTimeout(r, Math.min(250 * 2 ** Math.min(i, 3), 2_000)));
      current = (await gp.api.get(`/payments/${encodeURIComponent(payment.id)}`)).data;
    }
    if (current.attributes.state === 'failed') {
      const a = current.attributes;
      throw new ApiError(402, [
        {
          status: '402',
          code: a.failureCode ?? 'authentication_failed',
          title: 'Payment declined',
          // The gateway's reason when it gave one; without it the element words the refusal
          // in the page's language (`unconfirmedPayment`), never in the kit's English.
          ...(a.failureMessage ? { detail: a.failureMessage } : {}),
        },
      ]);
    }
    return current;
  }
}

/**
 * The gateway's fields of one element: after each render, draws them in the element's
 * `[part="gateway-fields"]` container when that container is new, for a setup started once
 * and spent by `confirm` (a confirmed or declined setup is never used again).
 */
export class GatewayFieldsController implements ReactiveController {
  setup: PaymentSetup | null = null;
  fields: GatewayFields | null = null;
  #container: HTMLElement | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement & { renderRoot: ParentNode },
    private readonly gp: () => GlasspaneContext | undefined,
    /** Told when starting the setup or loading the gateway's script failed. */
    private readonly onError: (err: unknown) => void,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const container = this.host.renderRoot.querySelector<HTMLElement>('[part="gateway-fields"]');
    const gp = this.gp();
    if (container && container !== this.#container && gp) void this.#mount(gp, container);
  }

  async #mount(gp: GlasspaneContext, container: HTMLElement) {
    this.#container = container;
    this.fields = null;
    try {
      this.setup ??= await startSetup(gp);
      const fields = await mountGatewayFields(this.setup.attributes, container, gp.api.url('/'));
      if (this.#container === container) this.fields = fields;
      this.host.requestUpdate();
    } catch (err) {
      // Not retried for this container (no loop of failing setups): showing the fields again retries.
      this.onError(err);
    }
  }

  /**
   * Confirms in the gateway's fields; answers the setup's id when it succeeded. Either way the fields are drawn again for a fresh setup.
   */
  async confirm(): Promise<{ setupId: string } | { declined: string | undefined }> {
    const setup = this.setup;
    const fields = this.fields;
    if (!setup || !fields) throw new Error('The payment form is not ready yet.');
    const result = await fields.confirm();
    this.reset();
    return result.status === 'succeeded'
      ? { setupId: setup.id }
      : { declined: typeof result.message === 'string' && result.message ? result.message : undefined };
  }

  /** Forgets the setup and the fields (a closed form). */
  reset(): void {
    this.setup = null;
    this.fields = null;
    this.#container = null;
    this.host.requestUpdate();
  }
}

/**
 * Downloads an invoice's PDF in the reader's language (`en` or `de`, what the host renders)
 * through the API client, which carries the token a plain link could not.
 */
export async function downloadInvoicePdf(
  gp: GlasspaneContext,
  invoice: { id: string; attributes: { number: string } },
  locale: string,
  into: Node,
): Promise<void> {
  const lang = locale.toLowerCase().startsWith('de') ? 'de' : 'en';
  const blob = await gp.api.blob(`/invoices/${encodeURIComponent(invoice.id)}/pdf`, { query: { lang } });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `invoice-${invoice.attributes.number}.pdf`;
  into.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
