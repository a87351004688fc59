import { LitElement, css, html, type PropertyValues } from 'lit';
import { provide } from '@lit/context';
import { property, state } from 'lit/decorators.js';
import { glasspaneContext, readClaims, type GlasspaneContext } from '../core/context.js';
import { ApiClient, type Schemas } from '../core/api-client.js';
import { StreamHub } from '../core/stream.js';
import { hidden } from '../core/styles.js';

/** Dark values of the same tokens, for `theme="dark"` (and `auto` in a dark system). */
const darkTokens = css`
  color-scheme: dark;
  /* The surface in effect, a partner's own included: never a dark canvas under a light theme's dark text. */
  --gp-color-canvas: var(--gp-color-surface);
  --gp-color-primary: #93c5fd;
  --gp-color-on-primary: #0b1220;
  --gp-color-surface: #0f172a;
  --gp-color-text: #e2e8f0;
  --gp-color-muted: #94a3b8;
  --gp-color-border: #334155;
  --gp-color-danger: #fca5a5;
  --gp-color-warning: #fcd34d;
  --gp-color-success: #86efac;
`;

/** A tenant's branding as the host serves it (`GET /api/v1/branding`). */
export type TenantBranding = Schemas['Branding'];

/** What a token provider returns: the token, or the token with its expiry. */
export type TokenResult = string | { token: string; expiresAt: string };

/**
 * @tag gp-provider
 * @summary Connects the elements inside it to a Glasspane host: API base URL, embed token
 * (or an async token provider, refreshed before expiry), locale and theme, and with
 * `tenant-branding` the tenant's own colours from the host.
 *
 * @fires gp-branding-loaded - The tenant's branding arrived (with `tenant-branding`); `detail`: displayName, logoUrl, colors, supportName,
 * supportEmail, supportPhone.
 *
 * @slot - The portal content and Glasspane elements.
 * @cssprop --gp-color-primary - Accent colour of every element.
 * @cssprop --gp-color-surface - Background of cards and panels.
 * @cssprop --gp-color-canvas - What every element paints behind itself: transparent in light (your page shows through), the dark surface in
 * dark.
 * @cssprop --gp-color-text - Body text colour.
 * @cssprop --gp-font-family - Font of every element.
 *
 * @example
 * ```html
 * <gp-provider api-base="https://glasspane.example/api/v1" locale="de">
 *   <gp-maintenance-banner></gp-maintenance-banner>
 * </gp-provider>
 * ```
 */
export class GpProvider extends LitElement {
  static override styles = [
    hidden,
    css`
    :host {
      display: contents;
    }
    :host([theme='dark']) {
      ${darkTokens}
    }
    @media (prefers-color-scheme: dark) {
      :host(:not([theme='light']):not([theme='dark'])) {
        ${darkTokens}
      }
    }
  `,
  ];

  /** Base URL of the host's API, e.g. `https://glasspane.example/api/v1`. */
  @property({ attribute: 'api-base', reflect: true }) apiBase = '/api/v1';

  /** A fixed embed token. Prefer `tokenProvider`, which keeps it fresh. */
  @property() token = '';

  /** Locale for every element inside (`en`, `de`, …); empty follows the page. */
  @property({ reflect: true }) locale = '';

  /** `auto` (the default) follows the system's light or dark setting; `light` or `dark` forces one. */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' = 'auto';

  /**
   * Applies the tenant's branding served by the host: its colours on this element (so on
   * every element inside), and `branding` plus `gp-branding-loaded` for the portal's logo
   * and support contact. Without it, or when the host has none, your own theme stays.
   */
  @property({ type: Boolean, attribute: 'tenant-branding', reflect: true }) tenantBranding = false;

  /** The tenant's branding, once loaded (with `tenant-branding`). */
  @state() branding?: TenantBranding;

  /**
   * Returns a fresh embed token; called before the current one expires and once after a
   * 401. Typically your portal's backend route that mints one.
   */
  @property({ attribute: false }) tokenProvider?: () => Promise<TokenResult>;

  @provide({ context: glasspaneContext })
  @state()
  protected context?: GlasspaneContext;

  #current: { token: string; expiresAt: number } | undefined;
  #pending: Promise<string | undefined> | undefined;
  /** The last refusal of `tokenProvider`, given again until `until` (a wait that doubles, 1 s … 30 s). */
  #refused: { error: unknown; until: number; wait: number } | undefined;
  /** Resolved when a token or a token provider is set. */
  #sourceSet?: () => void;
  #source = new Promise<void>((resolve) => (this.#sourceSet = resolve));

  /** How long elements wait for a token or token provider before asking without one. */
  static tokenWaitMs = 10_000;

  /** The token source every request and the stream use. */
  readonly getToken = async (refresh = false): Promise<string | undefined> => {
    // A page that sets the token (or its provider) after the elements are on it: they wait for
    // it instead of sending requests the host can only refuse (and the console would show).
    if (!this.tokenProvider && !this.token) {
      const ctor = this.constructor as typeof GpProvider;
      await Promise.race([this.#source, new Promise((r) => setTimeout(r, ctor.tokenWaitMs))]);
    }
    const provider = this.tokenProvider;
    if (!provider) return this.token || undefined;
    const fresh = this.#current && this.#current.expiresAt - Date.now() > 60_000;
    if (!refresh && fresh) return this.#current!.token;
    // A provider that just failed is not asked again by every element at once: the same
    // refusal is given until its wait is over, and the wait doubles while it keeps failing.
    if (this.#refused && Date.now() < this.#refused.until) throw this.#refused.error;
    // Concurrent callers share one refresh.
    this.#pending ??= provider()
      .then((result) => {
        const token = typeof result === 'string' ? result : result.token;
        const expiresAt = typeof result === 'string' ? Date.now() + 5 * 60_000 : Date.parse(result.expiresAt);
        this.#current = { token, expiresAt };
        this.#refused = undefined;
        return token;
      })
      .catch((error: unknown) => {
        const wait = Math.min(this.#refused ? this.#refused.wait * 2 : 1_000, 30_000);
        this.#refused = { error, until: Date.now() + wait, wait };
        throw error;
      })
      .finally(() => (this.#pending = undefined));
    return this.#pending;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    // A property set before the element upgraded sits on the instance and would shadow the accessor.
    for (const key of ['tokenProvider', 'token', 'locale', 'apiBase'] as const) {
      if (Object.prototype.hasOwnProperty.call(this, key)) {
        const value = (this as Record<string, unknown>)[key];
        delete (this as Record<string, unknown>)[key];
        (this as Record<string, unknown>)[key] = value;
      }
    }
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.context || changed.has('apiBase')) {
      const api = new ApiClient(
        this.apiBase,
        this.getToken,
        () => this.locale || this.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang || navigator.language,
      );
      const stream = new StreamHub({
        url: `${this.apiBase.replace(/\/$/, '')}/stream`,
        token: this.getToken,
        position: () => api.streamPosition(),
      });
      this.context = { api, stream, locale: this.locale, session: async () => readClaims(await this.getToken()) };
    } else if (changed.has('locale')) {
      this.context = { ...this.context, locale: this.locale };
    }
    if (changed.has('token') || changed.has('tokenProvider')) {
      this.#current = undefined;
      this.#refused = undefined;
      if (this.token || this.tokenProvider) this.#sourceSet?.();
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (
      this.tenantBranding &&
      (changed.has('tenantBranding') || changed.has('token') || changed.has('tokenProvider') || changed.has('apiBase'))
    )
      void this.#loadBranding();
  }

  async #loadBranding() {
    try {
      const doc = await this.context!.api.get('/branding');
      const brand = doc.data.attributes;
      for (const [key, value] of Object.entries(brand.colors ?? {})) {
        // The host accepts hex colours only; checked again here, since this reaches a style.
        if (typeof value === 'string' && /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(value))
          this.style.setProperty(`--gp-color-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, value);
      }
      this.branding = brand;
      this.dispatchEvent(new CustomEvent<TenantBranding>('gp-branding-loaded', { detail: brand, bubbles: true, composed: true }));
    } catch {
      // Branding is decoration: without it the portal's own theme stays.
    }
  }

  protected override render() {
    return html`<slot></slot>`;
  }
}
