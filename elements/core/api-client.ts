/** A JSON:API error object as the host sends it. */
export interface ApiErrorObject {
  status: string;
  code: string;
  title: string;
  detail?: string;
  source?: { pointer?: string; parameter?: string; header?: string };
  meta?: Record<string, unknown>;
}

/** How a failure should be presented: each kind has its own designed state. */
export type ApiErrorKind = 'network' | 'unauthorized' | 'forbidden' | 'not_found' | 'invalid' | 'conflict' | 'unavailable' | 'server';

export class ApiError extends Error {
  override name = 'ApiError';
  readonly kind: ApiErrorKind;
  constructor(
    readonly status: number,
    readonly errors: ApiErrorObject[],
    message?: string,
  ) {
    super(message ?? errors[0]?.detail ?? errors[0]?.title ?? `Request failed (${status})`);
    this.kind =
      status === 0
        ? 'network'
        : status === 401
          ? 'unauthorized'
          : status === 403
            ? 'forbidden'
            : status === 404
              ? 'not_found'
              : status === 409
                ? 'conflict'
                : status === 422 || status === 400 || status === 402
                  ? 'invalid'
                  : status === 502 || status === 503 || status === 504
                    ? 'unavailable'
                    : 'server';
  }
  get code(): string {
    return this.errors[0]?.code ?? 'error';
  }
}

export interface Resource<A = Record<string, unknown>> {
  type: string;
  id: string;
  attributes: A;
}

export interface Document<D = unknown> {
  data: D;
  included?: Resource[];
  links?: Record<string, string | null>;
  meta?: Record<string, unknown>;
}

export interface RequestOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
}

/** Returns the current token; `refresh` asks for a new one (after a 401). */
export type TokenSource = (refresh?: boolean) => Promise<string | undefined>;

const MEDIA = 'application/vnd.api+json';

/**
 * Talks JSON:API to the host. Every call takes an AbortSignal; a 401 asks the token
 * source for a fresh token once and retries; failures are typed `ApiError`s.
 */
export class ApiClient {
  constructor(
    readonly base: string,
    private readonly token: TokenSource,
  ) {}

  url(path: string, query?: RequestOptions['query']): string {
    const base = this.base.replace(/\/$/, '');
    const url = new URL(`${base}${path}`, globalThis.location?.href);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    return url.href;
  }

  get<D = unknown>(path: string, options: RequestOptions = {}): Promise<Document<D>> {
    return this.request<D>('GET', path, undefined, options);
  }

  send<D = unknown>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, options: RequestOptions = {}): Promise<Document<D>> {
    return this.request<D>(method, path, body, options);
  }

  /** Raw bytes (PDFs), with the same auth and error handling. */
  async blob(path: string, options: RequestOptions = {}): Promise<Blob> {
    const res = await this.#fetch('GET', path, undefined, options, false);
    return res.blob();
  }

  async request<D>(method: string, path: string, body: unknown, options: RequestOptions): Promise<Document<D>> {
    const res = await this.#fetch(method, path, body, options, false);
    if (res.status === 204) return { data: undefined as D };
    return (await res.json()) as Document<D>;
  }

  async #fetch(method: string, path: string, body: unknown, options: RequestOptions, retried: boolean): Promise<Response> {
    const token = await this.token(retried);
    // The caller may have given up while the token was on its way. fetch would refuse the
    // aborted signal anyway, but anything wrapping fetch would still see the call.
    options.signal?.throwIfAborted();
    const headers: Record<string, string> = { accept: MEDIA, ...options.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = MEDIA;
    let res: Response;
    try {
      res = await fetch(this.url(path, options.query), { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: options.signal });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw new ApiError(0, [{ status: '0', code: 'network', title: 'Network error', detail: 'The service could not be reached. Check your connection.' }]);
    }
    if (res.status === 401 && !retried) return this.#fetch(method, path, body, options, true);
    if (!res.ok) {
      let errors: ApiErrorObject[] = [];
      try {
        errors = ((await res.json()) as { errors?: ApiErrorObject[] }).errors ?? [];
      } catch {
        // Not JSON (a proxy's error page): the status says enough.
      }
      if (!errors.length) errors = [{ status: String(res.status), code: 'http_error', title: res.statusText || 'Request failed' }];
      throw new ApiError(res.status, errors);
    }
    return res;
  }
}
