import { errorMessage, errorText, type ErrorMessage, type Noun } from './error-messages.js';
import { currentProviderOperation } from './provider-operation.js';

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
 *
 * The host's own errors are made from an `ErrorMessage` (a key into the catalogue in
 * `error-messages.ts` and its parameters): they hold the English words, and the error
 * handler words them again in the reader's language. Errors made from plain strings (a
 * plugin's) are answered as written.
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

type ApiErrorExtra = Partial<Pick<ErrorObject, 'source' | 'meta'>> & { headers?: Record<string, string> };

export class ApiError extends Error {
  readonly status: number;
  readonly errors: ErrorObject[];
  readonly headers: Record<string, string>;
  /** Per error object, the catalogue message it was worded from (to word it in the reader's language). */
  readonly messages: (ErrorMessage | undefined)[];

  constructor(status: number, message: ErrorMessage, extra?: ApiErrorExtra);
  constructor(status: number, code: string, title: string, detail?: string, extra?: ApiErrorExtra);
  constructor(
    status: number,
    codeOrMessage: string | ErrorMessage,
    titleOrExtra?: string | ApiErrorExtra,
    detail?: string,
    extra: ApiErrorExtra = {},
  ) {
    const message = typeof codeOrMessage === 'string' ? undefined : codeOrMessage;
    if (message) extra = (titleOrExtra as ApiErrorExtra | undefined) ?? {};
    const words = message ? errorText(message, 'en') : { title: titleOrExtra as string, detail };
    super(words.detail ?? words.title);
    this.name = 'ApiError';
    this.status = status;
    this.headers = extra.headers ?? {};
    const error: ErrorObject = { status: String(status), code: message ? message.code : (codeOrMessage as string), title: words.title };
    if (words.detail) error.detail = words.detail;
    if (extra.source) error.source = extra.source;
    if (extra.meta) error.meta = extra.meta;
    this.errors = [error];
    this.messages = [message];
  }

  /** Several problems in one request body, each with its pointer (and, for the host's own, its catalogue message). */
  static many(status: number, errors: ErrorObject[], messages: (ErrorMessage | undefined)[] = []): ApiError {
    const first = errors[0] ?? { status: String(status), code: 'invalid', title: 'Invalid request' };
    const err = new ApiError(status, first.code, first.title, first.detail);
    err.errors.splice(0, 1, ...errors);
    err.messages.splice(0, 1, ...errors.map((_, i) => messages[i]));
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

/** A domain error's options when it is worded from the catalogue. */
export type DomainMessageInit = Omit<DomainErrorInit, 'detail'>;

/** Something a service refuses or cannot do, with a machine code and words for a person. */
export abstract class DomainError extends Error {
  readonly code: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly source: ErrorSource | undefined;
  readonly meta: Record<string, unknown> | undefined;
  readonly retryAfterSeconds: number | undefined;
  /** The catalogue message this was worded from; undefined for a plugin's own words. */
  readonly errorMessage: ErrorMessage | undefined;

  constructor(message: ErrorMessage, init?: DomainMessageInit);
  constructor(code: string, title: string, init?: DomainErrorInit);
  constructor(codeOrMessage: string | ErrorMessage, titleOrInit?: string | DomainMessageInit, init: DomainErrorInit = {}) {
    const message = typeof codeOrMessage === 'string' ? undefined : codeOrMessage;
    if (message) init = (titleOrInit as DomainMessageInit | undefined) ?? {};
    const words = message ? errorText(message, 'en') : { title: titleOrInit as string, detail: init.detail };
    super(words.detail ?? words.title);
    this.name = new.target.name;
    this.code = message ? message.code : (codeOrMessage as string);
    this.title = words.title;
    this.detail = words.detail;
    this.errorMessage = message;
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
  constructor(message: ErrorMessage, init?: DomainMessageInit);
  constructor(code?: string, title?: string, init?: DomainErrorInit);
  constructor(
    codeOrMessage: string | ErrorMessage = 'not_found',
    title: string | DomainMessageInit = 'Not found',
    init: DomainErrorInit = {},
  ) {
    if (typeof codeOrMessage === 'string') super(codeOrMessage, title as string, init);
    else super(codeOrMessage, title as DomainMessageInit);
  }
}

/** The request does not fit the current state (a closed ticket, an order in review, …). */
export class ConflictError extends DomainError {}

/** The caller may not do this. */
export class ForbiddenError extends DomainError {}

/** The input is wrong; `source` says where. */
export class InvalidInputError extends DomainError {
  constructor(message: ErrorMessage, source?: ErrorSource, init?: Omit<DomainErrorInit, 'detail' | 'source'>);
  constructor(code: string, title: string, detail: string, source?: ErrorSource, init?: Omit<DomainErrorInit, 'detail' | 'source'>);
  constructor(
    codeOrMessage: string | ErrorMessage,
    titleOrSource?: string | ErrorSource,
    detailOrInit?: string | Omit<DomainErrorInit, 'detail' | 'source'>,
    source?: ErrorSource,
    init: Omit<DomainErrorInit, 'detail' | 'source'> = {},
  ) {
    if (typeof codeOrMessage === 'string')
      super(codeOrMessage, titleOrSource as string, { ...init, detail: detailOrInit as string, ...(source ? { source } : {}) });
    else {
      const where = titleOrSource as ErrorSource | undefined;
      super(codeOrMessage, { ...(detailOrInit as object | undefined), ...(where ? { source: where } : {}) });
    }
  }
}

/** A query that cannot be answered as asked (a range that ends before it starts). */
export class InvalidQueryError extends InvalidInputError {}

/** A capability this host has not been set up with (no payment gateway, no protection provider). */
export class UnavailableError extends DomainError {}

/** A payload that fails validation (used by plugins parsing pushed data too). */
export class ValidationError extends InvalidInputError {
  /** `detail`: the host's catalogue message (code `invalid`), or a plugin's own words. */
  constructor(detail: string | ErrorMessage, pointer?: string) {
    if (typeof detail === 'string') super('invalid', 'Invalid payload', detail, pointer ? { pointer } : undefined);
    else super(detail, pointer ? { pointer } : undefined);
  }
}

/** 404: no `what` (with this id) for this tenant. */
export const notFound = (what: Noun, id?: string) =>
  new NotFoundError(id ? errorMessage('not_found', { what, id }) : errorMessage('not_found.none', { what }));

/** 403: the embed token lacks the role (one of `roles`). */
export const forbidden = (...roles: string[]) => new ForbiddenError(errorMessage('forbidden', { roles: roles.join('" or "') }));

// Provider errors ------------------------------------------------------------------

/**
 * How a provider failed: `failed` (an error or nonsense), `unavailable` (down, slow, rate
 * limiting, not registered), or it refused: `not_found`, `conflict`, `invalid`.
 */
export type ProviderFailure = 'failed' | 'unavailable' | 'not_found' | 'conflict' | 'invalid';

export interface ProviderErrorOptions {
  failure?: ProviderFailure;
  /**
   * What the host asked the provider for. Leave it out: an error made during a port call is
   * that call's (`compute.listServers`, `gateway.charge`), one made during a background job
   * outside a port `job.<name>`.
   */
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
 *
 * `detail` is the provider's own words (a plugin's string, answered as written under the
 * host's localised title), or the host's own `ErrorMessage` when the host says what went
 * wrong with the provider (no plugin registered for it, it failed without words): then
 * title and detail are both worded in the reader's language.
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
  /** The catalogue message this was worded from; undefined for a provider's own words. */
  readonly errorMessage: ErrorMessage | undefined;

  constructor(pluginId: string, detail: string | ErrorMessage, options: ProviderErrorOptions = {}) {
    const message = typeof detail === 'string' ? undefined : detail;
    const words = message ? errorText(message, 'en') : undefined;
    const text = words ? (words.detail ?? words.title) : (detail as string);
    super(text);
    this.name = 'ProviderError';
    this.pluginId = pluginId;
    this.detail = text;
    this.errorMessage = message;
    this.operation = options.operation ?? currentProviderOperation();
    this.upstreamStatus = options.upstreamStatus;
    this.failure = options.failure ?? (options.status !== undefined ? FAILURE_OF_STATUS[options.status] : undefined) ?? 'failed';
    this.code = options.code ?? message?.code ?? 'provider_error';
    this.retryAfterSeconds = options.retryAfterSeconds;
    if (options.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }

  get title(): string {
    return errorText(this.#message(), 'en').title;
  }

  /** The words to answer with: the host's own message, or its `provider_error` title around the provider's words. */
  #message(): ErrorMessage {
    return this.errorMessage ?? errorMessage('provider_error', { provider: this.pluginId, detail: this.detail }, this.code);
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

/** The HTTP status the host answers a provider's failure with. */
export const providerStatus = (failure: ProviderFailure): number => PROVIDER_STATUS[failure];

function domainStatus(err: DomainError): number {
  if (err instanceof NotFoundError) return 404;
  if (err instanceof ConflictError) return 409;
  if (err instanceof ForbiddenError) return 403;
  if (err instanceof InvalidQueryError) return 400;
  if (err instanceof InvalidInputError) return 422;
  if (err instanceof UnavailableError) return 503;
  return 500;
}

/** `Retry-After` for a wait in seconds (rounded up), or no header. */
export const retryAfter = (seconds: number | undefined): Record<string, string> =>
  seconds === undefined ? {} : { 'Retry-After': String(Math.ceil(seconds)) };

/**
 * The HTTP answer for an error: domain errors and provider errors get their status and
 * JSON:API error object here; `ApiError`s are answers already. Anything else: `undefined`.
 */
export function toApiError(err: unknown): ApiError | undefined {
  if (err instanceof ApiError) return err;
  if (err instanceof DomainError) {
    const answer = new ApiError(domainStatus(err), err.code, err.title, err.detail, {
      ...(err.source ? { source: err.source } : {}),
      ...(err.meta ? { meta: err.meta } : {}),
      headers: retryAfter(err.retryAfterSeconds),
    });
    answer.messages[0] = err.errorMessage;
    return answer;
  }
  if (err instanceof ProviderError) return providerAnswer(err);
  return undefined;
}

function providerAnswer(err: ProviderError): ApiError {
  const answer = new ApiError(PROVIDER_STATUS[err.failure], err.code, err.title, err.detail, {
    meta: { provider: err.pluginId, ...(err.upstreamStatus ? { upstreamStatus: err.upstreamStatus } : {}) },
    headers: retryAfter(err.retryAfterSeconds),
  });
  // The title is ours and is localised; the detail is the provider's own words and stays as
  // written, unless the host worded it (then it is localised too).
  answer.messages[0] = err.errorMessage
    ? { ...err.errorMessage, code: err.code }
    : errorMessage('provider_error', { provider: err.pluginId, detail: err.detail }, err.code);
  return answer;
}

/** Whether `err` says the thing does not exist (here or at the provider). */
export function isNotFound(err: unknown): boolean {
  return (
    err instanceof NotFoundError ||
    (err instanceof ProviderError && err.failure === 'not_found') ||
    (err instanceof ApiError && err.status === 404)
  );
}

/** Whether `err` is a refusal that asking again will not change (as opposed to an outage). */
export function isRefusal(err: unknown): boolean {
  if (err instanceof DomainError) return true;
  if (err instanceof ProviderError) return err.failure !== 'failed' && err.failure !== 'unavailable';
  return err instanceof ApiError && err.status < 500 && err.status !== 429;
}
