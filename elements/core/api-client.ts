import type { components, paths } from './api-types.js';

/** The host's resource schemas, generated from its OpenAPI document (`npm run api-types`). */
export type Schemas = components['schemas'];

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Routes = keyof paths;
/** `/api/v1/servers/{id}/usage` → `/servers/{id}/usage` */
type Relative<K> = K extends `/api/v1${infer R}` ? R : never;
/** `/servers/{id}/usage` → `/servers/${string}/usage`: what a call builds with `encodeURIComponent`. */
type Filled<S> = S extends `${infer A}{${string}}${infer B}` ? `${A}${string}${Filled<B>}` : S;
type Operation<K extends Routes, M extends Method> = paths[K][M] extends { responses: object } ? paths[K][M] : never;
/** Every path (relative to the API base) the host answers `M` on. */
export type ApiPath<M extends Method = 'get'> = { [K in Routes]: Operation<K, M> extends never ? never : Filled<Relative<K>> }[Routes];
/** The route a path was built from: the one whose pattern is exactly the path's type. */
type RouteOf<P, M extends Method> = {
  [K in Routes]: Operation<K, M> extends never
    ? never
    : P extends Filled<Relative<K>>
      ? Filled<Relative<K>> extends P
        ? K
        : never
      : never;
}[Routes];
type Json<R> = R extends { content: { 'application/vnd.api+json': infer B } } ? B : never;
type Success<O> = O extends { responses: infer R }
  ? { [S in keyof R]: S extends 200 | 201 | 202 ? Json<R[S]> : S extends 204 ? { data: undefined } : never }[keyof R]
  : never;
type Body<O> = O extends { requestBody?: { content: { 'application/vnd.api+json': infer B } } } ? B : never;
/** The JSON:API document the host answers `M path` with on success. */
export type ApiResponse<P extends ApiPath<M>, M extends Method = 'get'> = Success<Operation<RouteOf<P, M>, M>>;
/** The JSON:API document `M path` takes. */
export type ApiRequest<P extends ApiPath<M>, M extends Method> = Body<Operation<RouteOf<P, M>, M>>;

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
                : status === 422 || status === 400 || status === 402 || status === 413 || status === 415
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

type WriteMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Returns the current token; `refresh` asks for a new one (after a 401). */
export type TokenSource = (refresh?: boolean) => Promise<string | undefined>;

const MEDIA = 'application/vnd.api+json';

/** Where the host's event stream stood before a read (an opaque id the stream resumes from). */
const STREAM_POSITION = 'glasspane-stream-position';

/** Most distinct positions kept: the host takes as many in one `lastEventId`. */
const MAX_POSITIONS = 8;

/**
 * Talks JSON:API to the host. Every call takes an AbortSignal; a 401 asks the token
 * source for a fresh token once and retries; failures are typed `ApiError`s.
 */
export class ApiClient {
  /** Reads (GETs) not settled yet, from the call on (their token included). */
  readonly #reads = new Set<Promise<unknown>>();
  /** The distinct stream positions reads were told; `undefined` once there were too many to keep. */
  #positions: Set<string> | undefined = new Set();

  /**
   * `language` names the reader's language for `Accept-Language`: the host answers its own
   * content (knowledge base, tier and add-on names, roles) and error details in it.
   */
  constructor(
    readonly base: string,
    private readonly token: TokenSource,
    private readonly language?: () => string | undefined,
  ) {}

  url(path: string, query?: RequestOptions['query']): string {
    const base = this.base.replace(/\/$/, '');
    const url = new URL(`${base}${path}`, globalThis.location?.href);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    return url.href;
  }

  /** `GET path`, typed by the host's route for that path (`${string}` where an id goes). */
  get<P extends ApiPath<'get'>>(path: P, options: RequestOptions = {}): Promise<ApiResponse<P>> {
    return this.request('GET', path, undefined, options) as Promise<ApiResponse<P>>;
  }

  send<M extends WriteMethod, P extends ApiPath<Lowercase<M>>>(
    method: M,
    path: P,
    body?: ApiRequest<P, Lowercase<M>>,
    options: RequestOptions = {},
  ): Promise<ApiResponse<P, Lowercase<M>>> {
    return this.request(method, path, body, options) as Promise<ApiResponse<P, Lowercase<M>>>;
  }

  /** Raw bytes (PDFs), with the same auth and error handling. */
  async blob(path: string, options: RequestOptions = {}): Promise<Blob> {
    const res = await this.#fetch('GET', path, undefined, options);
    return res.blob();
  }

  /** `POST path` with a multipart/form-data body (file uploads), with the same auth and error handling. */
  async upload<D>(path: string, form: FormData, options: RequestOptions = {}): Promise<Document<D>> {
    return this.request<D>('POST', path, form, options);
  }

  /** Untyped: any path, the caller names the document's data. */
  async request<D>(method: string, path: string, body: unknown, options: RequestOptions): Promise<Document<D>> {
    const res = await this.#fetch(method, path, body, options);
    if (res.status === 204) return { data: undefined as D };
    return (await res.json()) as Document<D>;
  }

  /**
   * Where to open the host's event stream from so that it replays everything this client's
   * reads may have missed: the stream positions (`Glasspane-Stream-Position`) the host gave its
   * reads, comma-separated, as `lastEventId` takes them (the host resumes from the earliest;
   * they are opaque here). Waits for the reads under way now, since one of them may have been
   * given an earlier position; reads started later see a newer state and need no care.
   * `undefined` when no read was told one (the stream's first `reset` then makes elements
   * refetch), or when reads were told more positions than the host takes.
   */
  async streamPosition(): Promise<string | undefined> {
    await Promise.allSettled([...this.#reads]);
    return this.#positions?.size ? [...this.#positions].join(',') : undefined;
  }

  #fetch(method: string, path: string, body: unknown, options: RequestOptions): Promise<Response> {
    const answer = this.#send(method, path, body, options, false);
    if (method !== 'GET') return answer;
    this.#reads.add(answer);
    const settled = () => this.#reads.delete(answer);
    answer.then(settled, settled);
    return answer;
  }

  #notePosition(position: string | null): void {
    if (!position || !this.#positions || this.#positions.has(position)) return;
    this.#positions = this.#positions.size < MAX_POSITIONS ? this.#positions.add(position) : undefined;
  }

  async #send(method: string, path: string, body: unknown, options: RequestOptions, retried: boolean): Promise<Response> {
    const token = await this.token(retried);
    // The caller may have given up while the token was on its way. fetch would refuse the
    // aborted signal anyway, but anything wrapping fetch would still see the call.
    options.signal?.throwIfAborted();
    const headers: Record<string, string> = { accept: MEDIA, ...options.headers };
    const language = this.language?.();
    if (language && !headers['accept-language']) headers['accept-language'] = language;
    if (token) headers.authorization = `Bearer ${token}`;
    // A form goes as it is: fetch sets multipart/form-data with its boundary.
    const form = body instanceof FormData;
    if (body !== undefined && !form) headers['content-type'] = MEDIA;
    let res: Response;
    try {
      const payload = body === undefined ? undefined : form ? body : JSON.stringify(body);
      res = await fetch(this.url(path, options.query), { method, headers, body: payload, signal: options.signal });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw new ApiError(0, [
        { status: '0', code: 'network', title: 'Network error', detail: 'The service could not be reached. Check your connection.' },
      ]);
    }
    if (res.status === 401 && !retried) return this.#send(method, path, body, options, true);
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
    if (method === 'GET') this.#notePosition(res.headers.get(STREAM_POSITION));
    return res;
  }
}
