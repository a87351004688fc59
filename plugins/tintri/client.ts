/**
 * Tintri VMstore REST API (v310): the version query, cookie sessions, paging and errors.
 *
 * Where the facts come from:
 * - Confirmed from Tintri/tintri-api-examples (tintri_1_1.py, snapshot_vm.py, the clone-VM sample),
 *   openstack/cinder (cinder/volume/drivers/tintri.py) and the CloudBolt Tintri extension:
 *   `GET /api/info` needs no login and answers `preferredVersion` (and `productName`);
 *   `POST /api/v310/session/login` with `{username, password, typeId: …rbac.RestApiCredentials}` answers
 *   200 and the session in the `JSESSIONID` cookie, sent back as `cookie: JSESSIONID=<id>`;
 *   `GET /api/v310/session/logout` answers 204; lists are Pages (`filteredTotal`, `items`) paged by
 *   `offset`/`limit`; `GET /api/v310/vm?name=` finds VMs (`uuid.uuid`, `vmware.name`, `vmware.vcenterName`,
 *   `vmware.storageContainers`); `GET /api/v310/snapshot?vmUuid=…&sortedBy=createTime&sortOrder=DESC`
 *   lists a VM's snapshots; `POST /api/v310/snapshot` takes a LIST of SnapshotSpec and answers a list of
 *   snapshot UUIDs; `POST /api/v310/vm` with a VirtualMachineCloneSpec (`snapshotId`, `count`, `vmware`
 *   with typeId `…VirtualMachineCloneSpec$VMwareCloneInfo`, `cloneVmName`, `vCenterName`, `datastoreName`,
 *   "default" on a VMstore) answers a Task; `GET /api/v310/task/{uuid}` answers its `state`
 *   (SUCCESS / FAILED …).
 * - Confirmed from Tintri/tintri-python-sdk (DTO docs under docs/dtos/jaxb/v310 and the SDK source):
 *   TintriError (`code`, `message`, `causeDetails`); a 401 with code ERR-API-0104 is an invalid session,
 *   which the SDK answers by logging in again once; `GET vm/{uuid}` reads one VM; Snapshot (`createTime`
 *   and `expirationTime` in ms, `description`, `consistency`, `type`, `isDeleted`, `tag` with
 *   `stale_ss_files`); Task (`progressPercent`, `progressDescription`, `jobDone`, `createDate`,
 *   `lastUpdatedTime`, `targetIds`); VirtualMachine `replication.configurationsOutgoing[]`
 *   (`replicationState` UP_TO_DATE / EXCEEDS_RPO / PAUSED / NOT_CONFIGURED …, `isDisabled`, `isPaused`,
 *   `error`, `latestReplicatedSnapshotTime`, `alertThresholdMinutes`, `path.displayName`/`destinationIp`);
 *   `supportedVersionSet` in the version answer.
 * - Inferred (not shown by the sources): that `name=` matches whole names (we compare names ourselves
 *   anyway); that a Snapshot's `description` carries the SnapshotSpec's `snapshotName`; that an
 *   `expirationTime` ≤ 0 means "kept until deleted"; that DateTime fields arrive as ms or ISO strings;
 *   that no replica within `alertThresholdMinutes` means lagging; that a clone Task names its snapshot in
 *   `targetIds`; which statuses Tintri uses for a busy VM (any refusal whose message says busy / in
 *   progress / already exists is treated as a conflict).
 */
import { ProviderError, CircuitBreaker, SessionPool, providerFetch } from '@glasspane/host';

export const PLUGIN_ID = 'tintri';
/** How messages name the system. */
export const PROVIDER_NAME = 'Tintri VMstore';
/** The API version this plugin speaks; the VMstore must offer it (`/api/info`). */
export const API_VERSION = 'v310';
export const CREDENTIALS_TYPE_ID = 'com.tintri.api.rest.vcommon.dto.rbac.RestApiCredentials';
/** Tintri's code for an expired or unknown session. */
export const INVALID_SESSION_CODE = 'ERR-API-0104';

export interface TintriOptions {
  /** `https://vmstore01.example.com` */
  url: string;
  username: string;
  password: string;
  timeoutMs?: number;
  /** Items per page when listing (Tintri's default is 2000). Default 100. */
  pageSize?: number;
}

/** `GET /api/info`. */
export interface TintriInfo {
  preferredVersion: string;
  productName?: string;
  supportedVersionSet?: string[];
}

/** Tintri's error document (`com.tintri.api.rest.v310.dto.domain.beans.TintriError`). */
export interface TintriErrorBody {
  typeId?: string;
  code?: string;
  message?: string;
  causeDetails?: string;
}

/** A Tintri Page (`com.tintri.api.rest.v310.dto.Page`). */
export interface TintriPage<T> {
  filteredTotal?: number;
  total?: number;
  items?: T[];
}

type Query = Record<string, string | number | undefined>;

interface Session {
  id: string;
}

/** The one session key: a plugin instance talks to one VMstore as one user. */
const KEY = 'vmstore';
/** Words in a refusal that mean "busy or taken", answered as 409. */
const CONFLICT = /\b(busy|in progress|already (exists|running|in use)|locked|conflict)/i;

/**
 * One VMstore as one REST user. The version is checked once (`GET /api/info`), the session is a
 * `JSESSIONID` cookie created on first use and shared by concurrent calls; when the VMstore says the
 * session ended (401, or ERR-API-0104), one new login is made for everyone waiting and the call is
 * repeated once. Failures become ProviderErrors a person can read.
 */
export class TintriClient {
  /** Pauses calls to the VMstore while it keeps failing (one per client, so per plugin). */
  readonly breaker = new CircuitBreaker();
  readonly #o: Required<TintriOptions>;
  #sessions: SessionPool<Session>;
  /** The newest session, for logout. */
  #current: Session | undefined;
  #info: Promise<TintriInfo> | undefined;
  /** Logins sent, for tests and diagnostics. */
  loginCount = 0;
  /** Logouts the VMstore confirmed. */
  logoutCount = 0;

  constructor(options: TintriOptions) {
    this.#o = { timeoutMs: 15_000, pageSize: 100, ...options, url: options.url.replace(/\/+$/, '') };
    this.#sessions = this.#pool();
  }

  /** Items asked for per page. */
  get pageSize(): number {
    return this.#o.pageSize;
  }

  /** The version answer (cached after the first success); refuses a VMstore without v310. */
  info(): Promise<TintriInfo> {
    return (this.#info ??= this.#readInfo().catch((err: unknown) => {
      this.#info = undefined;
      throw err;
    }));
  }

  /**
   * A call to `/api/v310{path}` with the session cookie; JSON in and out. `what` names the thing
   * asked for in error messages ("the snapshot" → "Tintri VMstore refused the snapshot: …").
   * Resolves `undefined` for an empty answer (204).
   */
  async request<T>(
    method: string,
    path: string,
    options: { body?: unknown; query?: Query; signal?: AbortSignal; what?: string } = {},
  ): Promise<T | undefined> {
    await this.info();
    const url = this.#url(`/api/${API_VERSION}${path}`, options.query);
    let failed: Session | undefined;
    for (let attempt = 0; ; attempt++) {
      const session = failed ? await this.#sessions.renew(KEY, failed) : await this.#sessions.get(KEY);
      const headers: Record<string, string> = { accept: 'application/json', cookie: `JSESSIONID=${session.id}` };
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      const res = await this.#fetch(
        url,
        { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) },
        options.signal,
      );
      const text = await res.text();
      if (sessionEnded(res.status, text)) {
        if (attempt === 0) {
          failed = session;
          continue;
        }
        throw new ProviderError(
          PLUGIN_ID,
          `${PROVIDER_NAME} ended the session again right after a new login; check that TINTRI_USERNAME may use the REST API.`,
          {
            code: 'provider_auth_failed',
            upstreamStatus: res.status,
          },
        );
      }
      if (!res.ok) throw mapError(res.status, text, options.what);
      return text ? (parseJson(text, res.status) as T) : undefined;
    }
  }

  /**
   * Every item of a paged list (`offset`/`limit`), up to `maxPages` pages; stops early at the first
   * page holding an item `until` accepts.
   */
  async collect<T>(
    path: string,
    query: Query,
    options: { signal?: AbortSignal; what?: string; until?: (item: T) => boolean; maxPages?: number } = {},
  ): Promise<T[]> {
    const out: T[] = [];
    let offset = 0;
    for (let page = 0; page < (options.maxPages ?? 50); page++) {
      const doc = await this.request<TintriPage<T>>('GET', path, {
        query: { ...query, offset, limit: this.#o.pageSize },
        signal: options.signal,
        what: options.what,
      });
      if (!doc || !Array.isArray(doc.items)) {
        throw new ProviderError(PLUGIN_ID, `${PROVIDER_NAME} answered ${options.what ?? 'a list request'} without a list of items.`, {
          code: 'provider_bad_response',
        });
      }
      out.push(...doc.items);
      if (options.until && doc.items.some(options.until)) break;
      offset += doc.items.length;
      const total = Number(doc.filteredTotal ?? doc.total ?? 0);
      if (doc.items.length === 0 || offset >= total) break;
    }
    return out;
  }

  /** Ends the session on the VMstore (`GET …/session/logout`, 204); best effort, never throws. */
  async logout(): Promise<void> {
    const session = this.#current;
    if (!session) return;
    this.#current = undefined;
    this.#sessions = this.#pool();
    try {
      const res = await this.#fetch(this.#url(`/api/${API_VERSION}/session/logout`), {
        method: 'GET',
        headers: { cookie: `JSESSIONID=${session.id}` },
      });
      await res.body?.cancel();
      if (res.status === 204 || res.ok) this.logoutCount++;
    } catch {
      // The VMstore ends idle sessions by itself.
    }
  }

  #pool(): SessionPool<Session> {
    return new SessionPool<Session>(() => this.#login());
  }

  #url(path: string, query: Query = {}): string {
    const url = new URL(`${this.#o.url}${path}`);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    return url.href;
  }

  #fetch(url: string, init: RequestInit, signal?: AbortSignal): Promise<Response> {
    return providerFetch(PLUGIN_ID, PROVIDER_NAME, url, init, { timeoutMs: this.#o.timeoutMs, signal, breaker: this.breaker });
  }

  async #readInfo(): Promise<TintriInfo> {
    const res = await this.#fetch(this.#url('/api/info'), { headers: { accept: 'application/json' } });
    const text = await res.text();
    if (!res.ok) throw mapError(res.status, text, 'the version query');
    const info = parseJson(text, res.status) as Partial<TintriInfo> | null;
    if (!info || typeof info.preferredVersion !== 'string') {
      throw new ProviderError(
        PLUGIN_ID,
        `${PROVIDER_NAME} answered the version query without a preferredVersion; is TINTRI_URL a VMstore?`,
        { code: 'provider_bad_response', upstreamStatus: res.status },
      );
    }
    const offered = [info.preferredVersion, ...(Array.isArray(info.supportedVersionSet) ? info.supportedVersionSet : [])];
    if (!offered.some((v) => new RegExp(`^${API_VERSION}(\\.|$)`, 'i').test(String(v)))) {
      throw new ProviderError(PLUGIN_ID, `${PROVIDER_NAME} offers API ${info.preferredVersion}, but this plugin needs ${API_VERSION}.`, {
        status: 503,
        code: 'provider_misconfigured',
      });
    }
    return info as TintriInfo;
  }

  async #login(): Promise<Session> {
    this.loginCount++;
    const res = await this.#fetch(this.#url(`/api/${API_VERSION}/session/login`), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ username: this.#o.username, password: this.#o.password, typeId: CREDENTIALS_TYPE_ID }),
    });
    const text = await res.text();
    if (res.status === 401 || res.status === 403) {
      const said = readable(parseTintriError(text)?.message);
      throw new ProviderError(
        PLUGIN_ID,
        `${PROVIDER_NAME} refused the login for "${this.#o.username}"${said ? ` (${said})` : ''}; check TINTRI_USERNAME and TINTRI_PASSWORD.`,
        {
          code: 'provider_auth_failed',
          upstreamStatus: res.status,
        },
      );
    }
    if (!res.ok) throw mapError(res.status, text, 'the login');
    const id = sessionCookie(res.headers);
    if (!id)
      throw new ProviderError(PLUGIN_ID, `${PROVIDER_NAME} answered the login without a JSESSIONID cookie.`, {
        code: 'provider_bad_response',
        upstreamStatus: res.status,
      });
    this.#current = { id };
    return this.#current;
  }
}

/** The `JSESSIONID` from the login's Set-Cookie headers. */
export function sessionCookie(headers: Headers): string | undefined {
  const cookies = typeof headers.getSetCookie === 'function' ? headers.getSetCookie() : [headers.get('set-cookie') ?? ''];
  for (const cookie of cookies) {
    const m = /(?:^|[;,]\s*)JSESSIONID=([^;,\s]+)/i.exec(cookie);
    if (m) return m[1];
  }
  return undefined;
}

/** A 401, or Tintri's invalid-session code under any status. */
function sessionEnded(status: number, text: string): boolean {
  return status === 401 || parseTintriError(text)?.code === INVALID_SESSION_CODE;
}

function parseJson(text: string, status: number): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ProviderError(PLUGIN_ID, `${PROVIDER_NAME} answered with something that is not JSON.`, {
      code: 'provider_bad_response',
      upstreamStatus: status,
    });
  }
}

/** A TintriError document, or undefined when the body is something else. */
export function parseTintriError(text: string): TintriErrorBody | undefined {
  try {
    const body = JSON.parse(text) as unknown;
    return body && typeof body === 'object' && !Array.isArray(body) ? (body as TintriErrorBody) : undefined;
  } catch {
    return undefined;
  }
}

/** Provider words fit for a person: one line, no trailing period, no Java stack traces, no HTML. */
export function readable(said: string | undefined): string {
  const line = (said ?? '').replace(/\s+/g, ' ').trim();
  if (!line || /^</.test(line) || /Exception|\bat [\w$.]+\(/.test(line)) return '';
  return (line.length > 300 ? `${line.slice(0, 297)}…` : line).replace(/[.\s]+$/, '');
}

/**
 * A non-2xx answer as a ProviderError: TintriError JSON (`message`, else `causeDetails`) or plain
 * text, with the status the portal should answer (404 unknown, 409 busy or taken, 422 refused
 * input, 503 unavailable or throttled, 502 otherwise).
 */
export function mapError(status: number, text: string, what = 'the request'): ProviderError {
  const body = parseTintriError(text);
  const said = readable(body ? body.message || body.causeDetails : text);
  const words = said ? `: ${said}.` : '.';
  const upstreamStatus = status;
  if (status === 404)
    return new ProviderError(PLUGIN_ID, `${PROVIDER_NAME} could not find ${what}${words}`, {
      status: 404,
      code: 'not_found',
      upstreamStatus,
    });
  if (status === 409 || ((status === 400 || status === 500) && CONFLICT.test(said))) {
    return new ProviderError(PLUGIN_ID, `${PROVIDER_NAME} refused ${what}${words}`, { status: 409, code: 'conflict', upstreamStatus });
  }
  if (status === 400 || status === 422)
    return new ProviderError(PLUGIN_ID, `${PROVIDER_NAME} refused ${what}${words}`, { status: 422, code: 'invalid', upstreamStatus });
  if (status === 401 || status === 403) {
    return new ProviderError(
      PLUGIN_ID,
      `${PROVIDER_NAME} refused access to ${what}${said ? ` (${said})` : ''}; check the role of TINTRI_USERNAME.`,
      { code: 'provider_auth_failed', upstreamStatus },
    );
  }
  if (status === 429)
    return new ProviderError(PLUGIN_ID, `${PROVIDER_NAME} is limiting requests; try again shortly.`, {
      status: 503,
      code: 'provider_rate_limited',
      upstreamStatus,
      retryAfterSeconds: 5,
    });
  if (status === 503)
    return new ProviderError(PLUGIN_ID, `${PROVIDER_NAME} is unavailable${words}`, {
      status: 503,
      code: 'provider_unavailable',
      upstreamStatus,
      retryAfterSeconds: 30,
    });
  return new ProviderError(PLUGIN_ID, `${PROVIDER_NAME} failed ${what} (${status})${words}`, { code: 'provider_error', upstreamStatus });
}
