import { ProviderError, CircuitBreaker, SessionPool, providerFetch } from '../../host/index.js';

export const PLUGIN_ID = 'vcloud';

export interface VcloudOptions {
  /** `https://vcd.example.com` */
  url: string;
  /** The default org (VCD_ORG); calls may scope to others. */
  org: string;
  username: string;
  password: string;
  /** Default `37.0`. */
  apiVersion?: string;
  timeoutMs?: number;
}

interface Session {
  token: string;
}

/**
 * VMware Cloud Director: `POST /cloudapi/1.0.0/sessions` with Basic `user@org`, the JWT
 * from `X-VMWARE-VCLOUD-ACCESS-TOKEN` as a Bearer token afterwards, one session per org.
 * An idle session ends in a 401 with an empty body: log in again once, shared by callers.
 */
export class VcloudClient {
  /** Pauses calls to the provider while it keeps failing (one per client, so per plugin). */
  readonly breaker = new CircuitBreaker();
  readonly #o: Required<VcloudOptions>;
  readonly #sessions = new SessionPool<Session>((org) => this.#login(org));
  #versionChecked: Promise<void> | undefined;
  loginCount = 0;

  constructor(options: VcloudOptions) {
    this.#o = { apiVersion: '37.0', timeoutMs: 15_000, ...options, url: options.url.replace(/\/+$/, '') };
  }

  get defaultOrg(): string {
    return this.#o.org;
  }

  /** The Cloud Director address, for hrefs in request bodies. */
  get baseUrl(): string {
    return this.#o.url;
  }

  /** A request as `org`; `xml` asks for the legacy API's XML (metrics), otherwise JSON. */
  async request(org: string, method: string, path: string, options: { body?: string; contentType?: string; xml?: boolean; signal?: AbortSignal } = {}): Promise<{ status: number; text: string; headers: Headers }> {
    await (this.#versionChecked ??= this.#checkVersion().catch((err) => {
      this.#versionChecked = undefined;
      throw err;
    }));
    let failed: Session | undefined;
    for (let attempt = 0; ; attempt++) {
      const session = failed ? await this.#sessions.renew(org, failed) : await this.#sessions.get(org);
      const headers: Record<string, string> = {
        authorization: `Bearer ${session.token}`,
        accept: options.xml ? `application/*+xml;version=${this.#o.apiVersion}` : `application/*+json;version=${this.#o.apiVersion}`,
      };
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

  async json<T>(org: string, method: string, path: string, signal?: AbortSignal): Promise<T> {
    const { text, status } = await this.request(org, method, path, { signal });
    try {
      return (text ? JSON.parse(text) : undefined) as T;
    } catch {
      throw new ProviderError(PLUGIN_ID, 'Cloud Director answered with something that is not JSON.', { code: 'provider_bad_response', upstreamStatus: status });
    }
  }

  #fetch(url: string, init: RequestInit, signal?: AbortSignal): Promise<Response> {
    return providerFetch(PLUGIN_ID, 'Cloud Director', url, init, { timeoutMs: this.#o.timeoutMs, signal, breaker: this.breaker });
  }

  /** `GET /api/versions` needs no login; refuse early when the server lacks our version. */
  async #checkVersion(): Promise<void> {
    const res = await this.#fetch(`${this.#o.url}/api/versions`, { headers: { accept: 'application/*+xml' } });
    const text = await res.text();
    if (!res.ok) throw mapError(res.status, text);
    const versions = [...text.matchAll(/<Version>([\d.]+)<\/Version>/g)].map((m) => m[1]);
    if (!versions.includes(this.#o.apiVersion)) {
      throw new ProviderError(PLUGIN_ID, `Cloud Director does not offer API version ${this.#o.apiVersion} (it offers ${versions.slice(-3).join(', ') || 'none'}); set VCD_API_VERSION.`, {
        status: 503,
        code: 'provider_misconfigured',
      });
    }
  }

  async #login(org: string): Promise<Session> {
    this.loginCount++;
    const res = await this.#fetch(`${this.#o.url}/cloudapi/1.0.0/sessions`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${this.#o.username}@${org}:${this.#o.password}`).toString('base64')}`,
        accept: `application/json;version=${this.#o.apiVersion}`,
      },
    });
    await res.text();
    const token = res.headers.get('x-vmware-vcloud-access-token');
    if (res.status === 401 || res.status === 403) {
      throw new ProviderError(PLUGIN_ID, `Cloud Director refused the login for org "${org}"; check VCD_USERNAME, VCD_PASSWORD and VCD_ORG.`, { code: 'provider_auth_failed', upstreamStatus: res.status });
    }
    if (!res.ok || !token) throw new ProviderError(PLUGIN_ID, `Cloud Director login failed (${res.status}).`, { code: 'provider_error', upstreamStatus: res.status });
    return { token };
  }
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
  if (minor === 'BUSY_ENTITY') return new ProviderError(PLUGIN_ID, 'The server is busy with another task; try again in a moment.', { status: 409, code: 'server_busy', upstreamStatus: status });
  if (minor === 'BAD_REQUEST' && /powered (on|off)|not powered|suspended|already/i.test(message)) {
    const off = /not powered on|powered off/i.test(message);
    return new ProviderError(PLUGIN_ID, off ? 'The server is already stopped.' : message.includes('powered on') ? 'The server is already running.' : message, { status: 409, code: 'server_state_conflict', upstreamStatus: status });
  }
  if (status === 404 || minor === 'ACCESS_TO_RESOURCE_IS_FORBIDDEN' || minor === 'RESOURCE_NOT_FOUND') return new ProviderError(PLUGIN_ID, 'Cloud Director has no such item in this org.', { status: 404, code: 'not_found', upstreamStatus: status });
  if (status === 429) return new ProviderError(PLUGIN_ID, 'Cloud Director is limiting requests; try again shortly.', { status: 503, code: 'provider_rate_limited', upstreamStatus: status, retryAfterSeconds: 5 });
  if (status === 400) return new ProviderError(PLUGIN_ID, message || 'Cloud Director refused the request.', { status: 422, code: 'invalid', upstreamStatus: status });
  if (status === 401 || status === 403) return new ProviderError(PLUGIN_ID, 'Cloud Director refused access.', { code: 'provider_auth_failed', upstreamStatus: status });
  return new ProviderError(PLUGIN_ID, `Cloud Director answered ${status}${message ? `: ${message}` : ''}.`, { code: 'provider_error', upstreamStatus: status });
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

const unescapeXml = (s: string) => s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
