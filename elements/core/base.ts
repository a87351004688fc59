import { LitElement, html, type PropertyDeclarations, type PropertyValues, type TemplateResult } from 'lit';
import type { StreamMessage } from './stream.js';
import { ContextConsumer, ContextRoot } from '@lit/context';
import { glasspaneContext, type GlasspaneContext } from './context.js';
import type { ApiError } from './api-client.js';
import { LocalizeController } from './localize.js';
import { tokens } from './styles.js';

/**
 * Base of every Glasspane element: the provider's context, localisation, typed events,
 * and the designed states every element shares (loading, error, forbidden, no provider).
 *
 * @csspart state - Loading, error, permission and "no provider" panels.
 * @csspart retry - The "try again" button of an error panel.
 */
export class GpElement extends LitElement {
  static override styles = [tokens];

  // `static properties` and a controller rather than decorators: every element carries this
  // class, and the decorator modules cost each element's first load bytes (bench/size).
  static override properties: PropertyDeclarations = { gp: { state: true, attribute: false } };

  /** Set by the nearest `gp-provider`. */
  protected gp?: GlasspaneContext;

  constructor() {
    super();
    attachContextRoot();
    new ContextConsumer(this, { context: glasspaneContext, subscribe: true, callback: (gp) => (this.gp = gp) });
  }

  protected readonly localize = new LocalizeController(this, () => this.gp?.locale ?? '');

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one list holds handlers of every topic's message type
  readonly #listeners: { topic: string; handler: (message: StreamMessage<any>) => void; stop?: () => void }[] = [];

  /**
   * Calls `handler` with each message of a stream topic while the element is connected
   * under a provider, subscribing again when the provider changes. Call it in the constructor.
   */
  protected listen<T>(topic: string, handler: (message: StreamMessage<T | null>) => void): void {
    this.#listeners.push({ topic, handler });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#subscribe();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const l of this.#listeners) l.stop?.();
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('gp')) this.#subscribe();
  }

  #subscribe(): void {
    for (const l of this.#listeners) {
      l.stop?.();
      l.stop = this.gp?.stream.subscribe(l.topic, l.handler);
    }
  }

  /** Dispatches a bubbling, composed CustomEvent (crosses shadow roots to the portal). */
  protected emit<T>(name: string, detail: T, options: { cancelable?: boolean } = {}): boolean {
    return this.dispatchEvent(new CustomEvent<T>(name, { detail, bubbles: true, composed: true, cancelable: options.cancelable ?? false }));
  }

  /** The first render waits for the page language's messages, so German never flashes English. */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const loading = this.localize.ready();
    return loading ? loading.then(() => super.scheduleUpdate()) : super.scheduleUpdate();
  }

  protected get locale(): string {
    return this.localize.locale;
  }

  protected renderNoProvider(): TemplateResult {
    return html`<div class="state error" part="state" role="alert">${this.localize.term('noProvider')}</div>`;
  }

  protected renderLoading(lines = 2): TemplateResult {
    return html`<div class="state" part="state" aria-busy="true">
      <span class="visually-hidden">${this.localize.term('loading')}</span>
      ${Array.from({ length: lines }, () => html`<div class="skeleton"></div>`)}
    </div>`;
  }

  /**
   * A failure in words for a customer: `what` failed ("Invoices could not be loaded") and
   * why, in the page's language (`errorReason`).
   */
  protected describeError(error: unknown, what: string, system: string): string {
    return `${what}: ${this.errorReason(error, system)}`;
  }

  /**
   * Why something failed, in the page's language: an outage names the `system` that is not
   * reachable; a network failure, a server fault or a missing permission says so; a refusal
   * has the host's words (which the host writes in the reader's language). An answer without
   * the host's words (a proxy's error page) is worded here, never with the browser's or the
   * kit's English (the payment elements add a failed bank check without the gateway's reason).
   */
  protected errorReason(error: unknown, system: string): string {
    const t = this.localize;
    // By name, not `instanceof`: the error comes from the provider's ApiClient, which may be
    // another bundle's copy of the class (two kits on one page); nor does every element carry it.
    const api = (error as Error | undefined)?.name === 'ApiError' ? (error as ApiError) : undefined;
    const kind = api?.kind;
    const first = api?.errors[0];
    if (kind === 'unavailable') return t.term('unreachable', system);
    if (kind === 'forbidden') return t.term(api!.code === 'origin_not_allowed' ? 'originNotAllowed' : 'forbidden');
    if (kind === 'server') return t.term('serverError');
    if (!kind || kind === 'network') return t.term('networkError');
    if (first?.code === 'http_error') return t.term('requestRefused', api!.status);
    return api!.message;
  }

  /**
   * A readable error naming what could not be loaded from which `system`, with a retry
   * (none where permission is missing: trying again would not help).
   */
  protected renderError(error: unknown, retry: () => void, what: string, system: string): TemplateResult {
    const forbidden = (error as ApiError | undefined)?.kind === 'forbidden';
    return html`<div class="state error" part="state error" role="status">
      <span>${this.describeError(error, what, system)}</span>
      ${forbidden ? '' : html`<button class="button secondary" part="retry" @click=${retry}>${this.localize.term('retry')}</button>`}
    </div>`;
  }
}

/**
 * An element that is defined and connected before its `gp-provider` is (a page or bundle that
 * registers the tags in another order, a provider added later) asks for the context when no
 * one can answer yet. One `ContextRoot` on the document keeps those requests and hands them to
 * the provider when it appears, so the element shows its content instead of "place me inside
 * a gp-provider". Attached once per page, by the first element.
 */
function attachContextRoot(): void {
  const page = globalThis as { __glasspaneContextRoot?: boolean };
  if (page.__glasspaneContextRoot || typeof document === 'undefined') return;
  page.__glasspaneContextRoot = true;
  new ContextRoot().attach(document.documentElement);
}
