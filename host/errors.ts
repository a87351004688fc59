/**
 * The host's errors, in two layers:
 *
 * - Domain errors (`NotFoundError`, `ConflictError`, `ForbiddenError`, `InvalidInputError`,
 *   `UnavailableError`) and `ProviderError` are what services and plugins throw. They say
 *   what went wrong in the domain's words (a machine code, a title, a detail, the input
 *   at fault) and know nothing of HTTP.
 * - `ApiError` is an HTTP answer, for routes and middleware (401, 405, malformed bodies…).
 *
 * `toApiError` is the one place that turns the first layer into the second; the app's
 * `onError` calls it, so nothing else reaches the client.
 */
export interface ErrorObject {
  status: string;
  code: string;
  title: string;
  detail?: string;
  source?: ErrorSource;
  meta?: Record<string, unknown>;
}

/** The part of the request at fault: a JSON pointer into the body, a query parameter or a header. */
export interface ErrorSource {
  pointer?: string;
  parameter?: string;
  header?: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly errors: ErrorObject[];
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    title: string,
    detail?: string,
    extra: Partial<Pick<ErrorObject, 'source' | 'meta'>> & { headers?: Record<string, string> } = {},
  ) {
    super(detail ?? title);
    this.name = 'ApiError';
    this.status = status;
    this.headers = extra.headers ?? {};
    const error: ErrorObject = { status: String(status), code, title };
    if (detail) error.detail = detail;
    if (extra.source) error.source = extra.source;
    if (extra.meta) error.meta = extra.meta;
    this.errors = [error];
  }

  /** Several problems in one request body, each with its pointer. */
  static many(status: number, errors: ErrorObject[]): ApiError {
    const first = errors[0] ?? { status: String(status), code: 'invalid', title: 'Invalid request' };
    const err = new ApiError(status, first.code, first.title, first.detail);
    err.errors.splice(0, 1, ...errors);
    return err;
  }
}

// Domain errors ------------------------------------------------------------------

export interface DomainErrorInit {
  detail?: string;
  /** The input at fault. */
  source?: ErrorSource;
  meta?: Record<string, unknown>;
  /** When trying again may succeed: after this many seconds. */
  retryAfterSeconds?: number;
  cause?: unknown;
}

/** Something a service refuses or cannot do, with a machine code and words for a person. */
export abstract class DomainError extends Error {
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly source: ErrorSource | undefined;
  readonly meta: Record<string, unknown> | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: string, title: string, init: DomainErrorInit = {}) {
    super(init.detail ?? title);
    this.name = new.target.name;
    this.code = code;
    this.title = title;
    this.detail = init.detail;
    this.source = init.source;
    this.meta = init.meta;
    this.retryAfterSeconds = init.retryAfterSeconds;
    if (init.cause !== undefined) (this as { cause?: unknown }).cause = init.cause;
  }

  /** @deprecated The HTTP status the host answers with, derived by `toApiError`; for callers written before domain errors. */
  get status(): number {
    return toApiError(this)!.status;
  }
}

/** No such thing for this tenant. */
export class NotFoundError extends DomainError {
  constructor(code = 'not_found', title = 'Not found', init: DomainErrorInit = {}) {
    super(code, title, init);
  }
}

/** The request does not fit the current state (a closed ticket, an order in review, …). */
export class ConflictError extends DomainError {}

/** The caller may not do this. */
export class ForbiddenError extends DomainError {}

/** The input is wrong; `source` says where. */
export class InvalidInputError extends DomainError {
  constructor(code: string, title: string, detail: string, source?: ErrorSource, init: Omit<DomainErrorInit, 'detail' | 'source'> = {}) {
    super(code, title, { ...init, detail, ...(source ? { source } : {}) });
  }
}

/** A query that cannot be answered as asked (a range that ends before it starts). */
export class InvalidQueryError extends InvalidInputError {}

/** A capability this host has not been set up with (no payment gateway, no protection provider). */
export class UnavailableError extends DomainError {}

/** A payload that fails validation (used by plugins parsing pushed data too). */
export class ValidationError extends InvalidInputError {
  constructor(detail: string, pointer?: string) {
    super('invalid', 'Invalid payload', detail, pointer ? { pointer } : undefined);
  }
}

export const notFound = (what: string, id?: string) =>
  new NotFoundError('not_found', 'Not found', { detail: id ? `No ${what} with id "${id}" exists for this tenant.` : `No such ${what}.` });

export const forbidden = (role: string) =>
  new ForbiddenError('forbidden', 'Forbidden', { detail: `This action needs the "${role}" role, which the embed token does not grant.` });

// Provider errors ------------------------------------------------------------------

/**
 * How a provider failed: `failed` (an error or nonsense), `unavailable` (down, slow, rate
 * limiting, not registered), or it refused: `not_found`, `conflict`, `invalid`.
 */
export type ProviderFailure = 'failed' | 'unavailable' | 'not_found' | 'conflict' | 'invalid';

export interface ProviderErrorOptions {
  failure?: ProviderFailure;
  /** What the host asked the provider for (`listServers`, `charge`, …). */
  operation?: string;
  code?: string;
  /** HTTP status the provider answered with, if it answered at all. */
  upstreamStatus?: number;
  retryAfterSeconds?: number;
  cause?: unknown;
  /**
   * @deprecated Say `failure` instead. Read as: 404 not_found, 409 conflict, 422 invalid,
   * 503 unavailable, anything else failed.
   */
  status?: number;
}

const FAILURE_OF_STATUS: Record<number, ProviderFailure> = { 404: 'not_found', 409: 'conflict', 422: 'invalid', 503: 'unavailable' };

/**
 * A provider (OpenStack, Statuspage, …) failed, was slow, refused or answered
 * nonsense. Carries the plugin id so the message says which system is at fault.
 */
export class ProviderError extends Error {
  readonly pluginId: string;
  readonly operation: string | undefined;
  /** HTTP status the provider answered with, if it answered at all. */
  readonly upstreamStatus: number | undefined;
  readonly failure: ProviderFailure;
  readonly code: string;
  readonly detail: string;
  readonly retryAfterSeconds: number | undefined;

  constructor(pluginId: string, detail: string, options: ProviderErrorOptions = {}) {
    super(detail);
    this.name = 'ProviderError';
    this.pluginId = pluginId;
    this.detail = detail;
    this.operation = options.operation;
    this.upstreamStatus = options.upstreamStatus;
    this.failure = options.failure ?? (options.status !== undefined ? FAILURE_OF_STATUS[options.status] : undefined) ?? 'failed';
    this.code = options.code ?? 'provider_error';
    this.retryAfterSeconds = options.retryAfterSeconds;
    if (options.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }

  get title(): string {
    return `The ${this.pluginId} provider could not answer`;
  }

  /** @deprecated The HTTP status the host answers with; for plugins written before `failure`. */
  get status(): number {
    return providerAnswer(this).status;
  }

  /** @deprecated The JSON:API error objects the host answers with. */
  get errors(): ErrorObject[] {
    return providerAnswer(this).errors;
  }

  /** @deprecated The HTTP headers the host answers with. */
  get headers(): Record<string, string> {
    return providerAnswer(this).headers;
  }
}

// The one mapping to HTTP ------------------------------------------------------------

const PROVIDER_STATUS: Record<ProviderFailure, number> = { failed: 502, unavailable: 503, not_found: 404, conflict: 409, invalid: 422 };

function domainStatus(err: DomainError): number {
  if (err instanceof NotFoundError) return 404;
  if (err instanceof ConflictError) return 409;
  if (err instanceof ForbiddenError) return 403;
  if (err instanceof InvalidQueryError) return 400;
  if (err instanceof InvalidInputError) return 422;
  if (err instanceof UnavailableError) return 503;
  return 500;
}

const retryAfter = (seconds: number | undefined): Record<string, string> =>
  seconds === undefined ? {} : { 'Retry-After': String(Math.ceil(seconds)) };

/**
 * The HTTP answer for an error: domain errors and provider errors get their status and
 * JSON:API error object here; `ApiError`s are answers already. Anything else: `undefined`.
 */
export function toApiError(err: unknown): ApiError | undefined {
  if (err instanceof ApiError) return err;
  if (err instanceof DomainError) {
    return new ApiError(domainStatus(err), err.code, err.title, err.detail, {
      ...(err.source ? { source: err.source } : {}),
      ...(err.meta ? { meta: err.meta } : {}),
      headers: retryAfter(err.retryAfterSeconds),
    });
  }
  if (err instanceof ProviderError) return providerAnswer(err);
  return undefined;
}

function providerAnswer(err: ProviderError): ApiError {
  return new ApiError(PROVIDER_STATUS[err.failure], err.code, err.title, err.detail, {
    meta: { provider: err.pluginId, ...(err.upstreamStatus ? { upstreamStatus: err.upstreamStatus } : {}) },
    headers: retryAfter(err.retryAfterSeconds),
  });
}

/** Whether `err` says the thing does not exist (here or at the provider). */
export function isNotFound(err: unknown): boolean {
  return err instanceof NotFoundError || (err instanceof ProviderError && err.failure === 'not_found') || (err instanceof ApiError && err.status === 404);
}

/** Whether `err` is a refusal that asking again will not change (as opposed to an outage). */
export function isRefusal(err: unknown): boolean {
  if (err instanceof DomainError) return true;
  if (err instanceof ProviderError) return err.failure !== 'failed' && err.failure !== 'unavailable';
  return err instanceof ApiError && err.status < 500 && err.status !== 429;
}
