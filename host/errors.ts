/**
 * One error type for everything the host answers with a 4xx/5xx. `onError`
 * turns it into a JSON:API error document; nothing else reaches the client.
 */
export interface ErrorObject {
  status: string;
  code: string;
  title: string;
  detail?: string;
  source?: { pointer?: string; parameter?: string; header?: string };
  meta?: Record<string, unknown>;
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

export const notFound = (what: string, id?: string) =>
  new ApiError(404, 'not_found', 'Not found', id ? `No ${what} with id "${id}" exists for this tenant.` : `No such ${what}.`);

export const forbidden = (role: string) =>
  new ApiError(403, 'forbidden', 'Forbidden', `This action needs the "${role}" role, which the embed token does not grant.`);

/** A payload that fails validation (used by plugins parsing pushed data too). */
export class ValidationError extends ApiError {
  constructor(detail: string, pointer?: string) {
    super(422, 'invalid', 'Invalid payload', detail, pointer ? { source: { pointer } } : {});
    this.name = 'ValidationError';
  }
}

/**
 * A provider (OpenStack, Statuspage, …) failed, was slow, refused or answered
 * nonsense. Carries the plugin id so the message says which system is at fault.
 */
export class ProviderError extends ApiError {
  readonly pluginId: string;
  /** HTTP status the provider answered with, if it answered at all. */
  readonly upstreamStatus: number | undefined;

  constructor(
    pluginId: string,
    detail: string,
    options: { status?: number; code?: string; upstreamStatus?: number; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    const status = options.status ?? 502;
    const headers: Record<string, string> = {};
    if (options.retryAfterSeconds !== undefined) headers['Retry-After'] = String(Math.ceil(options.retryAfterSeconds));
    super(status, options.code ?? 'provider_error', `The ${pluginId} provider could not answer`, detail, {
      meta: { provider: pluginId, ...(options.upstreamStatus ? { upstreamStatus: options.upstreamStatus } : {}) },
      headers,
    });
    this.name = 'ProviderError';
    this.pluginId = pluginId;
    this.upstreamStatus = options.upstreamStatus;
    if (options.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}
