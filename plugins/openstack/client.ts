import { ProviderError, CircuitBreaker, SessionPool, providerFetch, retryAfterSeconds } from '@glasspane/host';

export const PLUGIN_ID = 'openstack';

export interface OpenStackOptions {
  /** Keystone, e.g. `https://keystone.example:5000` (with or without `/v3`). */
  authUrl: string;
  /** The service user's name and password (Keystone's `password` method)… */
  username?: string;
  password?: string;
  userDomainName?: string;
  /**
   * …or an application credential (Keystone's `application_credential` method): an id and
   * secret an operator creates in the project, revocable without touching a user's password.
   * It is bound to the project it was created in; Keystone refuses a scope with it.
   */
  applicationCredentialId?: string;
  applicationCredentialSecret?: string;
  /** The default project (OPENSTACK_PROJECT_ID); calls may scope to others. */
  projectId: string;
  /** Catalog endpoint interface. Default `public`. */
  interface?: 'public' | 'internal' | 'admin';
  region?: string;
  timeoutMs?: number;
  /** PEM of the CA that signs the cloud's certificates (the contents of OPENSTACK_CA_FILE). */
  ca?: string;
}

/** "2.79" → [2, 79]; microversions compare part by part, not as decimals (2.9 < 2.10). */
export function compareMicroversions(a: string, b: string): number {
  const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
  return x[0]! - y[0]! || x[1]! - y[1]!;
}

interface CatalogEntry {
  type: string;
  endpoints: { interface: string; region_id?: string; region?: string; url: string }[];
}

interface Session {
  token: string;
  expiresAt: number;
  catalog: CatalogEntry[];
}

/**
 * The Nova microversion asked for when the cloud serves it (2.79, Train), and the lowest the
 * plugin works with: 2.47 embeds the flavor in a server (Pike), and 2.37 made `networks`
 * explicit on create. A cloud between the two gets its own maximum.
 */
export const NOVA_MICROVERSION = '2.79';
export const NOVA_MIN_MICROVERSION = '2.47';

/**
 * Keystone v3 authentication (a password scoped to a project, or an application credential,
 * which carries its own project), endpoints from the token's
 * catalog, and requests that re-authenticate once on 401 (shared by concurrent callers).
 */
export class OpenStackClient {
  /** Pauses calls to the provider while it keeps failing (one per client, so per plugin). */
  readonly breaker = new CircuitBreaker();
  readonly #o: Required<Pick<OpenStackOptions, 'authUrl' | 'projectId' | 'interface' | 'timeoutMs'>> & OpenStackOptions;
  /** One token per project, renewed five minutes before expiry or after a 401. */
  readonly #sessions = new SessionPool<Session>(
    (project) => this.#authenticate(project),
    (s) => s.expiresAt - Date.now() > 5 * 60_000,
  );
  /** The microversion negotiated per compute endpoint (from its version document). */
  readonly #microversions = new Map<string, Promise<string>>();
  /** Auth requests sent, for tests and diagnostics. */
  authCount = 0;

  constructor(options: OpenStackOptions) {
    this.#o = { interface: 'public', timeoutMs: 15_000, ...options, authUrl: options.authUrl.replace(/\/+$/, '').replace(/\/v3$/, '') };
  }

  get defaultProject(): string {
    return this.#o.projectId;
  }

  /** A request to a catalog service (`compute`, `image`, `metric`) in `project`'s scope. */
  async request<T>(
    project: string,
    service: string,
    method: string,
    path: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<{ status: number; data: T; headers: Headers }> {
    let failed: Session | undefined;
    for (let attempt = 0; ; attempt++) {
      const session = failed ? await this.#sessions.renew(project, failed) : await this.#sessions.get(project);
      const base = this.#endpoint(session, service);
      const url = path.startsWith('http') ? path : `${base}${path}`;
      const headers: Record<string, string> = { 'x-auth-token': session.token, accept: 'application/json' };
      if (service === 'compute') headers['x-openstack-nova-api-version'] = await this.#microversion(base, signal);
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await this.#fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }, signal);
      if (res.status === 401 && attempt === 0) {
        await res.body?.cancel();
        failed = session;
        continue;
      }
      const text = await res.text();
      if (!res.ok) throw mapError(res.status, text, res.headers);
      if (!text) return { status: res.status, data: undefined as T, headers: res.headers };
      try {
        return { status: res.status, data: JSON.parse(text) as T, headers: res.headers };
      } catch {
        throw new ProviderError(PLUGIN_ID, `OpenStack ${service} answered with something that is not JSON.`, {
          code: 'provider_bad_response',
          upstreamStatus: res.status,
        });
      }
    }
  }

  /**
   * The microversion to send to the compute endpoint at `base`: read once from its version
   * document (`GET {endpoint}/`, which needs no token), the lower of what the cloud serves and
   * {@link NOVA_MICROVERSION}. A cloud older than {@link NOVA_MIN_MICROVERSION} is refused with
   * a message saying so, rather than failing later on a field that is not there.
   */
  #microversion(base: string, signal?: AbortSignal): Promise<string> {
    let pending = this.#microversions.get(base);
    if (!pending) {
      pending = (async () => {
        const res = await this.#fetch(`${base}/`, { headers: { accept: 'application/json' } }, signal);
        const text = await res.text();
        let max = '';
        try {
          max = (JSON.parse(text) as { version?: { version?: string } }).version?.version ?? '';
        } catch {
          // below: an answer without a version
        }
        if (!res.ok || !/^\d+\.\d+$/.test(max)) {
          throw new ProviderError(PLUGIN_ID, `OpenStack's compute endpoint (${base}) did not state its API version (HTTP ${res.status}).`, {
            code: 'provider_bad_response',
            upstreamStatus: res.status,
          });
        }
        if (compareMicroversions(max, NOVA_MIN_MICROVERSION) < 0) {
          throw new ProviderError(
            PLUGIN_ID,
            `OpenStack's compute API serves microversions up to ${max}; Glasspane needs ${NOVA_MIN_MICROVERSION} (Pike) or later.`,
            { failure: 'unavailable', code: 'provider_misconfigured' },
          );
        }
        return compareMicroversions(max, NOVA_MICROVERSION) < 0 ? max : NOVA_MICROVERSION;
      })();
      this.#microversions.set(base, pending);
      // A failed discovery is asked again next time, not remembered.
      pending.catch(() => this.#microversions.delete(base));
    }
    return pending;
  }

  #fetch(url: string, init: RequestInit, signal?: AbortSignal): Promise<Response> {
    return providerFetch(PLUGIN_ID, 'OpenStack', url, init, {
      timeoutMs: this.#o.timeoutMs,
      signal,
      breaker: this.breaker,
      ca: this.#o.ca,
    });
  }

  /** The identity part of a token request: an application credential when one is set, else the password. */
  #identity() {
    const o = this.#o;
    if (o.applicationCredentialId) {
      return {
        methods: ['application_credential'],
        application_credential: { id: o.applicationCredentialId, secret: o.applicationCredentialSecret },
      };
    }
    return {
      methods: ['password'],
      password: { user: { name: o.username, domain: { name: o.userDomainName ?? 'Default' }, password: o.password } },
    };
  }

  async #authenticate(project: string): Promise<Session> {
    this.authCount++;
    const appCredential = Boolean(this.#o.applicationCredentialId);
    const res = await this.#fetch(`${this.#o.authUrl}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      // An application credential's token is scoped to its own project; asking for one is refused.
      body: JSON.stringify({
        auth: appCredential ? { identity: this.#identity() } : { identity: this.#identity(), scope: { project: { id: project } } },
      }),
    });
    const text = await res.text();
    if (!res.ok) {
      let message = '';
      try {
        message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? '';
      } catch {
        // keep the status only
      }
      const check = appCredential
        ? 'check OPENSTACK_APPLICATION_CREDENTIAL_ID and OPENSTACK_APPLICATION_CREDENTIAL_SECRET (an expired or deleted credential is refused the same way)'
        : 'check OPENSTACK_USERNAME, OPENSTACK_PASSWORD and the project';
      throw new ProviderError(PLUGIN_ID, `Keystone refused the credentials${message ? ` (${message})` : ''}; ${check}.`, {
        code: 'provider_auth_failed',
        upstreamStatus: res.status,
      });
    }
    const token = res.headers.get('x-subject-token');
    let body: { token?: { expires_at?: string; catalog?: CatalogEntry[]; project?: { id?: string } } };
    try {
      body = JSON.parse(text);
    } catch {
      body = {};
    }
    if (!token || !body.token?.catalog)
      throw new ProviderError(PLUGIN_ID, 'Keystone answered without a token or a service catalog.', { code: 'provider_bad_response' });
    if (body.token.project?.id !== project) {
      // An application credential reaches only the project it was made in: a compute account
      // in another project would otherwise act in the credential's project.
      throw new ProviderError(
        PLUGIN_ID,
        `The OpenStack credential is bound to project ${body.token.project?.id ?? '(none)'}, not ${project}; make an application credential in that project or use a service user's password.`,
        {
          failure: 'unavailable',
          code: 'provider_misconfigured',
        },
      );
    }
    return { token, expiresAt: Date.parse(body.token.expires_at ?? '') || Date.now() + 3600_000, catalog: body.token.catalog };
  }

  #endpoint(session: Session, type: string): string {
    // Older clouds register Cinder v3 as "volumev3" rather than the official "block-storage".
    const types = type === 'block-storage' ? ['block-storage', 'volumev3'] : [type];
    const entry = types.map((t) => session.catalog.find((c) => c.type === t)).find(Boolean);
    const endpoint = entry?.endpoints.find(
      (e) => e.interface === this.#o.interface && (!this.#o.region || (e.region_id ?? e.region) === this.#o.region),
    );
    if (!endpoint) {
      throw new ProviderError(
        PLUGIN_ID,
        `The OpenStack catalog has no ${this.#o.interface} "${type}" endpoint${this.#o.region ? ` in region ${this.#o.region}` : ''}.`,
        {
          status: 503,
          code: 'provider_misconfigured',
        },
      );
    }
    return endpoint.url.replace(/\/+$/, '');
  }
}

/** Nova `{"<fault>": {code, message}}`, Keystone `{"error": {…}}`, Gnocchi `{"code", "title", "description"}`. */
export function mapError(status: number, text: string, headers: Headers): ProviderError {
  let fault = '';
  let message = '';
  let retryAfter: number | undefined;
  try {
    const body = JSON.parse(text) as Record<string, { message?: string; retryAfter?: string | number } | string>;
    const [key, value] = Object.entries(body)[0] ?? [];
    fault = key ?? '';
    if (typeof value === 'string') message = value;
    else if (value && typeof value === 'object') {
      message = value.message ?? '';
      if (value.retryAfter !== undefined) retryAfter = Number(value.retryAfter);
    }
    // Gnocchi (pecan): `{"code": 404, "title": "Not Found", "description": "…" | {cause, reason, detail}}`.
    if ('description' in body) message = typeof body.description === 'string' ? body.description : JSON.stringify(body.description);
  } catch {
    message = '';
  }
  retryAfter ??= retryAfterSeconds(headers.get('retry-after'));
  if (retryAfter !== undefined && !Number.isFinite(retryAfter)) retryAfter = undefined;
  if (status === 409 || fault === 'conflictingRequest') {
    return new ProviderError(PLUGIN_ID, readableConflict(message), { status: 409, code: 'server_state_conflict', upstreamStatus: status });
  }
  if (status === 404 || fault === 'itemNotFound')
    return new ProviderError(PLUGIN_ID, message || 'OpenStack has no such item.', {
      status: 404,
      code: 'not_found',
      upstreamStatus: status,
    });
  if (status === 413 || status === 429 || fault === 'overLimit') {
    return new ProviderError(PLUGIN_ID, 'OpenStack is limiting requests; try again shortly.', {
      status: 503,
      code: 'provider_rate_limited',
      upstreamStatus: status,
      retryAfterSeconds: retryAfter ?? 5,
    });
  }
  if (status === 403 && /quota/i.test(message))
    return new ProviderError(PLUGIN_ID, `Your project's quota does not allow this: ${message}`, {
      status: 409,
      code: 'quota_exceeded',
      upstreamStatus: status,
    });
  if (status === 400)
    return new ProviderError(PLUGIN_ID, message || 'OpenStack refused the request.', {
      status: 422,
      code: 'invalid',
      upstreamStatus: status,
    });
  if (status === 401)
    return new ProviderError(PLUGIN_ID, `OpenStack refused access${message ? `: ${message}` : ''}.`, {
      code: 'provider_auth_failed',
      upstreamStatus: status,
    });
  // A 403 that is not a quota is the cloud's policy refusing the portal's service user this
  // one call (an operator's stricter policy file): nothing the customer can change.
  if (status === 403) {
    return new ProviderError(
      PLUGIN_ID,
      `OpenStack's policy does not allow the portal to do this${message ? ` (${message})` : ''}; ask the provider to check the service user's roles.`,
      { failure: 'failed', code: 'provider_forbidden', upstreamStatus: status },
    );
  }
  if (status === 406)
    return new ProviderError(PLUGIN_ID, `OpenStack refused the API version asked for${message ? `: ${message}` : ''}.`, {
      failure: 'unavailable',
      code: 'provider_misconfigured',
      upstreamStatus: status,
    });
  return new ProviderError(PLUGIN_ID, `OpenStack answered ${status}${message ? `: ${message}` : ''}.`, {
    code: 'provider_error',
    upstreamStatus: status,
  });
}

/** "Cannot 'stop' instance … while it is in vm_state stopped" → "The server is already stopped." */
function readableConflict(message: string): string {
  const m = /Cannot '(\w[\w-]*)' instance \S+ while it is in (\w+) (\w+)/.exec(message);
  if (!m) return message || 'The server cannot do that in its current state.';
  const [, action, , state] = m;
  if (action === 'stop' && (state === 'stopped' || state === 'shutoff')) return 'The server is already stopped.';
  if (action === 'start' && state === 'active') return 'The server is already running.';
  return `The server cannot ${action} while it is ${state!.replace(/_/g, ' ')}.`;
}
