import { ProviderError, CircuitBreaker, SessionPool, providerFetch, sleep } from '@glasspane/host';

export const PLUGIN_ID = 'vcloud';

export interface VcloudOptions {
  /** `https://vcd.example.com` */
  url: string;
  /** The default org (VCD_ORG); calls may scope to others. */
  org: string;
  /** `user` (logged in as `user@<org>`), or a System org user with `provider`. */
  username?: string;
  password?: string;
  /**
   * An API token (a refresh token made in the Cloud Director UI): exchanged at
   * `/oauth/tenant/{org}/token`, or `/oauth/provider/token` with `provider`.
   */
  apiToken?: string;
  /**
   * Log in as a provider (System org) account and act in each tenant org through the
   * `X-VMWARE-VCLOUD-TENANT-CONTEXT` header, instead of one login per org.
   */
  provider?: boolean;
  /**
   * The highest API version to use; by default the highest one both Cloud Director
   * (`GET /api/versions`) and this plugin know.
   */
  apiVersion?: string;
  /** The VDC new servers go into (its name); by default the org's first VDC. */
  vdc?: string;
  timeoutMs?: number;
  /** Between two reads of a running Task. */
  taskPollMs?: number;
  /** How long a Task may run before the plugin gives up following it. */
  taskTimeoutMs?: number;
  /** How long a power action waits for its Task before answering "accepted". */
  actionWaitMs?: number;
}

/** API versions this plugin was written against, oldest first; sizing policies need 35.0. */
export const KNOWN_VERSIONS = ['35.0', '36.0', '37.0', '37.1', '37.2', '38.0', '38.1', '39.0', '39.1', '40.0'];

interface Session {
  token: string;
}

/** A Cloud Director Task as the legacy API's JSON shows it. */
export interface VcdTask {
  href: string;
  status: 'queued' | 'preRunning' | 'running' | 'success' | 'error' | 'aborted' | string;
  operationName?: string;
  operation?: string;
  error?: { majorErrorCode?: number; minorErrorCode?: string; message?: string };
}

const versionNumber = (v: string) => v.split('.').reduce((n, part, i) => n + Number(part) / 1000 ** i, 0);

/**
 * VMware Cloud Director: `POST /cloudapi/1.0.0/sessions` with Basic `user@org` (or
 * `/sessions/provider` for a System account, or an API token at `/oauth/…/token`), the JWT
 * as a Bearer token afterwards, one session per org (one in all for a provider account,
 * which names the org in `X-VMWARE-VCLOUD-TENANT-CONTEXT`). An idle session ends in a 401
 * with an empty body: log in again once, shared by callers. The API version is negotiated
 * from `GET /api/versions`.
 */
export class VcloudClient {
  /** Pauses calls to the provider while it keeps failing (one per client, so per plugin). */
  readonly breaker = new CircuitBreaker();
  readonly #o: Required<Omit<VcloudOptions, 'username' | 'password' | 'apiToken' | 'apiVersion' | 'vdc'>> & VcloudOptions;
  readonly #sessions = new SessionPool<Session>((org) => this.#login(org));
  #version: Promise<string> | undefined;
  readonly #orgIds = new Map<string, Promise<string>>();
  loginCount = 0;

  constructor(options: VcloudOptions) {
    this.#o = {
      timeoutMs: 15_000,
      taskPollMs: 1000,
      taskTimeoutMs: 15 * 60_000,
      actionWaitMs: 20_000,
      provider: false,
      ...options,
      url: options.url.replace(/\/+$/, ''),
    };
    if (!this.#o.apiToken && !(this.#o.username && this.#o.password)) {
      throw new ProviderError(PLUGIN_ID, 'Cloud Director needs VCD_USERNAME and VCD_PASSWORD, or VCD_API_TOKEN.', {
        status: 503,
        code: 'provider_misconfigured',
      });
    }
  }

  get defaultOrg(): string {
    return this.#o.org;
  }

  get options(): Readonly<VcloudOptions> {
    return this.#o;
  }

  /** The Cloud Director address, for hrefs in request bodies. */
  get baseUrl(): string {
    return this.#o.url;
  }

  /** The API version in use, negotiated on first call. */
  version(): Promise<string> {
    return (this.#version ??= this.#negotiate().catch((err) => {
      this.#version = undefined;
      throw err;
    }));
  }

  /** A request as `org`; `xml` asks for the legacy API's XML (metrics), otherwise JSON. */
  async request(
    org: string,
    method: string,
    path: string,
    options: { body?: string; contentType?: string; xml?: boolean; signal?: AbortSignal } = {},
  ): Promise<{ status: number; text: string; headers: Headers }> {
    const key = this.#o.provider ? 'System' : org;
    const context = this.#o.provider ? await this.#orgId(org, options.signal) : undefined;
    return this.#send(key, context, method, path, options);
  }

  /** One call with `key`'s session (and a tenant context for provider sessions); a 401 logs in again once. */
  async #send(
    key: string,
    context: string | undefined,
    method: string,
    path: string,
    options: { body?: string; contentType?: string; xml?: boolean; signal?: AbortSignal },
  ): Promise<{ status: number; text: string; headers: Headers }> {
    const version = await this.version();
    let failed: Session | undefined;
    for (let attempt = 0; ; attempt++) {
      const session = failed ? await this.#sessions.renew(key, failed) : await this.#sessions.get(key);
      const headers: Record<string, string> = {
        authorization: `Bearer ${session.token}`,
        // CloudAPI speaks plain JSON; the legacy API's JSON is its `+json` media types.
        accept: options.xml
          ? `application/*+xml;version=${version}`
          : path.startsWith('/cloudapi/')
            ? `application/json;version=${version}`
            : `application/*+json;version=${version}`,
      };
      if (context) headers['x-vmware-vcloud-tenant-context'] = context;
      if (options.body) headers['content-type'] = options.contentType ?? 'application/*+xml';
      const res = await this.#fetch(`${this.#o.url}${path}`, { method, headers, body: options.body }, options.signal);
      if (res.status === 401 && attempt === 0) {
        await res.body?.cancel();
        failed = session;
        continue;
      }
      const text = await res.text();
      if (!res.ok) throw mapError(res.status, text);
      return { status: res.status, text, headers: res.headers };
    }
  }

  async json<T>(org: string, method: string, path: string, signal?: AbortSignal, body?: { body: string; contentType: string }): Promise<T> {
    const { text, status } = await this.request(org, method, path, { signal, ...body });
    try {
      return (text ? JSON.parse(text) : undefined) as T;
    } catch {
      throw new ProviderError(PLUGIN_ID, 'Cloud Director answered with something that is not JSON.', {
        code: 'provider_bad_response',
        upstreamStatus: status,
      });
    }
  }

  /**
   * Follows a Task (`GET` its href) until it ends: resolves on `success`, rejects with the
   * Task's error, readable, on `error` or `aborted`, and with a timeout after `timeoutMs`.
   */
  async waitTask(org: string, task: VcdTask, signal?: AbortSignal, timeoutMs = this.#o.taskTimeoutMs): Promise<VcdTask> {
    const deadline = Date.now() + timeoutMs;
    let current = task;
    for (let poll = 0; ; poll++) {
      if (current.status === 'success') return current;
      if (current.status === 'error' || current.status === 'aborted') throw taskError(current);
      if (Date.now() >= deadline) {
        throw new ProviderError(
          PLUGIN_ID,
          `Cloud Director is still working on "${current.operation ?? current.operationName ?? 'the task'}"; it may finish later.`,
          { status: 503, code: 'task_timeout' },
        );
      }
      await sleep(Math.min(this.#o.taskPollMs * Math.min(1 + poll, 5), Math.max(0, deadline - Date.now())), signal);
      current = await this.json<VcdTask>(org, 'GET', new URL(current.href).pathname, signal);
    }
  }

  #fetch(url: string, init: RequestInit, signal?: AbortSignal): Promise<Response> {
    return providerFetch(PLUGIN_ID, 'Cloud Director', url, init, { timeoutMs: this.#o.timeoutMs, signal, breaker: this.breaker });
  }

  /** `GET /api/versions` needs no login: the highest version both sides know, at most VCD_API_VERSION. */
  async #negotiate(): Promise<string> {
    const res = await this.#fetch(`${this.#o.url}/api/versions`, { headers: { accept: 'application/*+xml' } });
    const text = await res.text();
    if (!res.ok) throw mapError(res.status, text);
    const offered = [...text.matchAll(/<(?:\w+:)?Version>([\d.]+)<\/(?:\w+:)?Version>/g)].map((m) => m[1]!);
    const bound = this.#o.apiVersion ? versionNumber(this.#o.apiVersion) : Infinity;
    const known =
      this.#o.apiVersion && !KNOWN_VERSIONS.includes(this.#o.apiVersion) ? [...KNOWN_VERSIONS, this.#o.apiVersion] : KNOWN_VERSIONS;
    const usable = offered
      .filter((v) => known.includes(v) && versionNumber(v) <= bound)
      .sort((a, b) => versionNumber(a) - versionNumber(b));
    const chosen = usable.at(-1);
    if (!chosen) {
      throw new ProviderError(
        PLUGIN_ID,
        `Cloud Director offers no API version this plugin can use (it offers ${offered.slice(-3).join(', ') || 'none'}; the plugin knows ${KNOWN_VERSIONS[0]}–${KNOWN_VERSIONS.at(-1)}${this.#o.apiVersion ? `, VCD_API_VERSION caps it at ${this.#o.apiVersion}` : ''}); check VCD_API_VERSION.`,
        { status: 503, code: 'provider_misconfigured' },
      );
    }
    return chosen;
  }

  /** A provider session names the tenant org by id: `GET /cloudapi/1.0.0/orgs?filter=name==…`. */
  #orgId(org: string, signal?: AbortSignal): Promise<string> {
    let known = this.#orgIds.get(org);
    if (!known) {
      known = (async () => {
        const doc = await this.#asProvider<{ values?: { id: string; name: string }[] }>(
          `/cloudapi/1.0.0/orgs?filter=${encodeURIComponent(`name==${org}`)}`,
          signal,
        );
        const id = doc.values?.find((o) => o.name === org)?.id;
        if (!id) throw new ProviderError(PLUGIN_ID, `Cloud Director has no org named "${org}".`, { status: 404, code: 'not_found' });
        return id.replace(/^urn:vcloud:org:/, '');
      })();
      known.catch(() => this.#orgIds.delete(org));
      this.#orgIds.set(org, known);
    }
    return known;
  }

  /** A GET in the System org's own context (no tenant context header). */
  async #asProvider<T>(path: string, signal?: AbortSignal): Promise<T> {
    const { text, status } = await this.#send('System', undefined, 'GET', path, { signal });
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ProviderError(PLUGIN_ID, 'Cloud Director answered with something that is not JSON.', {
        code: 'provider_bad_response',
        upstreamStatus: status,
      });
    }
  }

  async #login(org: string): Promise<Session> {
    this.loginCount++;
    if (this.#o.apiToken) return this.#tokenLogin(org);
    const version = await this.version();
    const provider = this.#o.provider;
    const res = await this.#fetch(`${this.#o.url}/cloudapi/1.0.0/sessions${provider ? '/provider' : ''}`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${this.#o.username}@${provider ? 'System' : org}:${this.#o.password}`).toString('base64')}`,
        accept: `application/json;version=${version}`,
      },
    });
    await res.text();
    const token = res.headers.get('x-vmware-vcloud-access-token');
    if (res.status === 401 || res.status === 403) {
      const where = provider ? 'the System org (provider login)' : `org "${org}"`;
      throw new ProviderError(PLUGIN_ID, `Cloud Director refused the login for ${where}; check VCD_USERNAME, VCD_PASSWORD and VCD_ORG.`, {
        code: 'provider_auth_failed',
        upstreamStatus: res.status,
      });
    }
    if (!res.ok || !token)
      throw new ProviderError(PLUGIN_ID, `Cloud Director login failed (${res.status}).`, {
        code: 'provider_error',
        upstreamStatus: res.status,
      });
    return { token };
  }

  /** An API token is a refresh token: `POST /oauth/tenant/{org}/token` (or `/oauth/provider/token`) gives an access token. */
  async #tokenLogin(org: string): Promise<Session> {
    if (!this.#o.provider && org !== this.#o.org) {
      throw new ProviderError(
        PLUGIN_ID,
        `The API token belongs to org "${this.#o.org}" and cannot act in org "${org}"; use a provider API token (VCD_PROVIDER_LOGIN=true).`,
        {
          status: 503,
          code: 'provider_misconfigured',
        },
      );
    }
    const path = this.#o.provider ? '/oauth/provider/token' : `/oauth/tenant/${encodeURIComponent(org)}/token`;
    const res = await this.#fetch(`${this.#o.url}${path}`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: this.#o.apiToken! }).toString(),
    });
    const text = await res.text();
    if (res.status === 400 || res.status === 401 || res.status === 403) {
      throw new ProviderError(
        PLUGIN_ID,
        'Cloud Director refused the API token; check VCD_API_TOKEN (it may have been revoked) and VCD_ORG.',
        { code: 'provider_auth_failed', upstreamStatus: res.status },
      );
    }
    let token: string | undefined;
    try {
      token = (JSON.parse(text) as { access_token?: string }).access_token;
    } catch {
      token = undefined;
    }
    if (!res.ok || !token)
      throw new ProviderError(PLUGIN_ID, `Cloud Director token exchange failed (${res.status}).`, {
        code: 'provider_error',
        upstreamStatus: res.status,
      });
    return { token };
  }
}

/** A failed Task's error, for a person: the vSphere fault without Cloud Director's `[ id ]` prefix. */
export function taskError(task: VcdTask): ProviderError {
  const raw = (task.error?.message ?? '').replace(/^\s*\[\s*[\w-]+\s*\]\s*/, '').trim();
  const what = task.operation ?? task.operationName ?? 'The task';
  if (task.status === 'aborted')
    return new ProviderError(PLUGIN_ID, `Cloud Director cancelled the task (${what}).`, { status: 409, code: 'task_aborted' });
  if (/VMware Tools/i.test(raw)) {
    return new ProviderError(
      PLUGIN_ID,
      "The server's operating system could not be asked to shut down or restart: VMware Tools is not running in it. Start VMware Tools in the server, or shut it down from inside.",
      { status: 409, code: 'guest_tools_not_running', upstreamStatus: task.error?.majorErrorCode },
    );
  }
  return new ProviderError(PLUGIN_ID, raw ? `Cloud Director could not finish: ${raw}` : `Cloud Director could not finish ${what}.`, {
    code: 'task_failed',
    upstreamStatus: task.error?.majorErrorCode,
  });
}

/** Legacy `{majorErrorCode, minorErrorCode, message}` (JSON or XML) and CloudAPI errors, readable. */
export function mapError(status: number, text: string): ProviderError {
  let minor = '';
  let message = '';
  try {
    const body = JSON.parse(text) as { minorErrorCode?: string; message?: string };
    minor = body.minorErrorCode ?? '';
    message = body.message ?? '';
  } catch {
    minor = /minorErrorCode="([^"]*)"/.exec(text)?.[1] ?? '';
    message = /message="([^"]*)"/.exec(text)?.[1] ?? '';
  }
  if (minor === 'BUSY_ENTITY')
    return new ProviderError(PLUGIN_ID, 'The server is busy with another task; try again in a moment.', {
      status: 409,
      code: 'server_busy',
      upstreamStatus: status,
    });
  if (minor === 'BAD_REQUEST' && /powered (on|off)|not powered|not deployed|suspended|already/i.test(message)) {
    const off = /not powered on|powered off|not deployed/i.test(message);
    return new ProviderError(
      PLUGIN_ID,
      off ? 'The server is already stopped.' : message.includes('powered on') ? 'The server is already running.' : message,
      { status: 409, code: 'server_state_conflict', upstreamStatus: status },
    );
  }
  if (status === 404 || minor === 'ACCESS_TO_RESOURCE_IS_FORBIDDEN' || minor === 'RESOURCE_NOT_FOUND')
    return new ProviderError(PLUGIN_ID, 'Cloud Director has no such item in this org.', {
      status: 404,
      code: 'not_found',
      upstreamStatus: status,
    });
  if (status === 429)
    return new ProviderError(PLUGIN_ID, 'Cloud Director is limiting requests; try again shortly.', {
      status: 503,
      code: 'provider_rate_limited',
      upstreamStatus: status,
      retryAfterSeconds: 5,
    });
  if (status === 400)
    return new ProviderError(PLUGIN_ID, message || 'Cloud Director refused the request.', {
      status: 422,
      code: 'invalid',
      upstreamStatus: status,
    });
  if (status === 401 || status === 403)
    return new ProviderError(PLUGIN_ID, 'Cloud Director refused access.', { code: 'provider_auth_failed', upstreamStatus: status });
  return new ProviderError(PLUGIN_ID, `Cloud Director answered ${status}${message ? `: ${message}` : ''}.`, {
    code: 'provider_error',
    upstreamStatus: status,
  });
}

/** Attributes of every `<tag …/>` (or `<tag …>`) in an XML document: the metric documents are flat. */
export function xmlElements(xml: string, tag: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const m of xml.matchAll(new RegExp(`<(?:\\w+:)?${tag}\\b([^>]*?)/?>`, 'g'))) {
    const attrs: Record<string, string> = {};
    for (const a of m[1]!.matchAll(/([\w:.-]+)="([^"]*)"/g)) attrs[a[1]!] = unescapeXml(a[2]!);
    out.push(attrs);
  }
  return out;
}

/** `<MetricSeries name=…>…<Sample …/>…</MetricSeries>` groups. */
export function xmlSeries(xml: string): { attrs: Record<string, string>; samples: Record<string, string>[] }[] {
  return [...xml.matchAll(/<(?:\w+:)?MetricSeries\b([^>]*)>([\s\S]*?)<\/(?:\w+:)?MetricSeries>/g)].map((m) => ({
    attrs: xmlElements(`<MetricSeries${m[1]}/>`, 'MetricSeries')[0] ?? {},
    samples: xmlElements(m[2]!, 'Sample'),
  }));
}

const unescapeXml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
