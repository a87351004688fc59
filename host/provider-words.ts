import type { Context, MiddlewareHandler } from 'hono';
import { inRequestContext, requestContext, type HostEnv } from './context.js';
import { ApiError, DomainError, ProviderError, providerStatus, retryAfter } from './errors.js';
import { errorMessage, readerErrorText, type ErrorMessage } from './error-messages.js';

/**
 * What a reader is told when a provider fails or refuses.
 *
 * A plugin words its errors for the provider's people: "Cloud Director refused the login for
 * acme; check VCD_USERNAME", "The resize failed at OpenStack: No valid host was found". Those
 * words, the plugin id and the upstream status are what staff need, and what a customer must
 * never read (vendor names, storage hosts, configuration hints, English in a German portal).
 *
 * So a customer (an embed token with neither `staff` nor `operator`) reads the host's own words
 * for the kind of failure (not found, busy, not accepted, quota, down, failed), in their
 * language, naming the service by the name the provider gives it (`GLASSPANE_PROVIDER_NAMES`,
 * say `{"openstack":"Nimbus Cloud"}`) or else by what it is ("the server platform"), with the
 * request id support finds the full story by in the log. Staff, operators and the admin key
 * read the provider's words as before.
 */

/** Customer-facing names of the providers, by plugin id: `{"openstack":"Nimbus Cloud","stripe":"Nimbus Pay"}`. */
export type ProviderNames = Readonly<Record<string, string>>;

/** What a provider is to a customer: the port the host reached it through. */
export const SERVICES = ['compute', 'metrics', 'billing', 'support', 'status', 'protection', 'gateway', 'events', 'other'] as const;
export type Service = (typeof SERVICES)[number];

interface Reading {
  context: Context<HostEnv>;
  names: ProviderNames;
}

/** The request being answered and the configured names, once this module's middleware has run for it. */
function current(): Reading | undefined {
  const context = requestContext();
  const names = context?.get('providerNames');
  return names ? { context: context!, names } : undefined;
}

/** Keeps the configured names for the code that words a provider's failure in the request being answered. */
export const providerWordsMiddleware =
  (names: ProviderNames = {}): MiddlewareHandler<HostEnv> =>
  (c, next) => {
    c.set('providerNames', names);
    return inRequestContext(c, next);
  };

/** Whether `c` (default: the request being answered) is read by a customer: an embed token without `staff` or `operator`. */
export function customerReads(c: Context<HostEnv> | undefined = current()?.context): boolean {
  const auth = c?.get('auth');
  return auth !== undefined && !auth.roles.includes('staff') && !auth.roles.includes('operator');
}

/** `value` when it names a service, else `fallback`. */
const asService = (value: unknown, fallback: Service): Service =>
  (SERVICES as readonly unknown[]).includes(value) ? (value as Service) : fallback;

/** The service a provider's error came from: the port call it failed in, or the kind of account it names. */
export function serviceOf(err: ProviderError, fallback: Service = 'other'): Service {
  const port = err.operation?.split('.')[0];
  return asService(port && port !== 'job' && port !== 'other' ? port : err.errorMessage?.params.kind, fallback);
}

/**
 * Whether the host's message is what it says about a provider (`provider_*`: "OpenStack could
 * not be reached", naming the vendor), as opposed to its words about the customer's situation
 * ("cannot resize this account's servers"), which are for the customer.
 */
export const aboutProvider = (message: ErrorMessage | undefined): boolean => message?.key.startsWith('provider_') ?? false;

/**
 * The words a customer reads for a provider's failure: by its kind, naming the service by its
 * configured name or what it is, with `reference` (the request id) where support is the way on;
 * or the host's own words when it made the error about the customer's situation. The provider's
 * own code stays (clients branch on it); the words are the host's.
 */
export function customerProviderMessage(
  err: ProviderError,
  names: ProviderNames,
  reference = '',
  service: Service = 'other',
): ErrorMessage {
  if (err.errorMessage && !aboutProvider(err.errorMessage)) return { ...err.errorMessage, code: err.code };
  const params = { name: names[err.pluginId] ?? '', service: serviceOf(err, service), reference };
  // A quota is refused as a conflict by some providers (Nova: 403 → 409) and as invalid by others.
  if (err.code === 'quota_exceeded') return errorMessage('provider_customer.quota', params, err.code);
  switch (err.failure) {
    case 'not_found':
      return errorMessage('provider_customer.not_found', params, err.code);
    case 'conflict':
      return errorMessage('provider_customer.conflict', params, err.code);
    case 'invalid':
      return errorMessage('provider_customer.invalid', params, err.code);
    case 'unavailable':
      return errorMessage('provider_customer.unavailable', params, err.code);
    default:
      return errorMessage('provider_customer.failed', params, err.code);
  }
}

/**
 * The answer to a customer for a provider's error: the status the host always answers with,
 * the host's words (`customerProviderMessage`), `Retry-After` when the provider gave one, and
 * `meta.service` instead of the plugin id and upstream status.
 */
export function customerProviderAnswer(err: ProviderError, names: ProviderNames, reference?: string): ApiError {
  return new ApiError(providerStatus(err.failure), customerProviderMessage(err, names, reference), {
    meta: { service: serviceOf(err) },
    headers: retryAfter(err.retryAfterSeconds),
  });
}

/**
 * Why a source failed, for the request being answered (`meta.unavailable`, an item's `error`):
 * the customer's words for a provider's failure when a customer reads (`service` says what
 * the source is when the error does not), else the host's own words in the reader's language
 * or the provider's as written.
 */
export function failureWords(source: string, reason: unknown, service: Service = 'other'): { code: string; detail: string } {
  const err =
    reason instanceof ProviderError || reason instanceof DomainError || reason instanceof ApiError
      ? reason
      : new ProviderError(source, errorMessage('provider_failed', { provider: source }, 'provider_error'), { failure: 'unavailable' });
  const reading = current();
  if (err instanceof ProviderError && customerReads(reading?.context)) {
    const words = readerErrorText(customerProviderMessage(err, reading?.names ?? {}, reading?.context.get('requestId') ?? '', service));
    return { code: err.code, detail: words.detail ?? words.title };
  }
  if (!(err instanceof ApiError)) {
    const words = err.errorMessage ? readerErrorText(err.errorMessage) : undefined;
    return { code: err.code, detail: words ? (words.detail ?? words.title) : err.message };
  }
  const message = err.messages[0];
  const words = message ? readerErrorText(message) : undefined;
  return { code: err.errors[0]?.code ?? 'provider_error', detail: words ? (words.detail ?? words.title) : err.message };
}

/**
 * Why an order failed at a provider, for the request being answered: staff read the provider's
 * words as kept (`reason`); a customer reads the host's (the service could not carry it out,
 * nothing was charged, support finds it by the order number).
 */
export function orderFailureWords(reason: string, source: string | undefined, service: Service, order: string): string {
  const reading = current();
  if (!customerReads(reading?.context)) return reason;
  const name = (source && reading?.names[source]) || '';
  return readerErrorText(errorMessage('provider_customer.order', { name, service, reference: order })).detail!;
}

/**
 * An activity entry's detail for the request being answered (the activity list and its CSV):
 * as kept for staff; a customer reads no plugin id (`source`), and for an order's failure at a
 * provider the host's reason instead of the provider's words.
 */
export function readerActivityDetail(action: string, subject: string | null, detail: Record<string, unknown>): Record<string, unknown> {
  if (!customerReads(current()?.context) || typeof detail.source !== 'string') return detail;
  if (action === 'order.failed') {
    return readerOrderFailure(detail, asService(detail.service, 'other'), subject ?? '');
  }
  const { source: _, ...rest } = detail;
  return rest;
}

/**
 * An order's failure step (`{ reason, source }`) for the request being answered: as kept for
 * staff; for a customer the host's reason and no plugin id.
 */
export function readerOrderFailure(detail: Record<string, unknown>, service: Service, order: string): Record<string, unknown> {
  if (typeof detail.reason !== 'string' || typeof detail.source !== 'string' || !customerReads(current()?.context)) return detail;
  const { source, ...rest } = detail;
  return { ...rest, reason: orderFailureWords(detail.reason, source, service, order) };
}

/**
 * A source's name as the reader may read it in a list ("details from …"): a customer reads the
 * configured name or what the service is in their language; staff read the plugin id.
 */
export function sourceName(source: string, service: Service): string {
  const reading = current();
  if (!customerReads(reading?.context)) return source;
  const configured = reading?.names[source];
  if (configured) return configured;
  return readerErrorText(errorMessage('provider_customer.service', { service })).title;
}
