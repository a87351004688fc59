/**
 * Which operation a provider call belongs to, for the `operation` label of
 * `glasspane_provider_call_duration_seconds` and `glasspane_provider_errors_total`, the
 * provider call span's `glasspane.operation` and a provider error's log line.
 *
 * The host reaches every plugin through its ports, so it names the operation there: the
 * providers it resolves from the container are wrapped (`instrumentPort`) so that each call
 * of a port method runs with `<port>.<method>` (`compute.listServers`, `billing.recordPayment`)
 * in an AsyncLocalStorage, which `providerFetch` reads. Plugins name nothing. The values are
 * a fixed set, `PORT_OPERATIONS` below (documented in docs/deploying.md, Metrics), plus
 * `job.<name>` for a background job's calls made outside a port and `other` for the rest
 * (a plugin's own routes and timers): never a URL or an id. Like any AsyncLocalStorage value it
 * follows the async work a call starts: a timer a port method sets up and leaves running keeps
 * that method's name, and a promise one call starts and later calls share is the first's.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { BillingProvider } from './ports/billing-provider.js';
import type { ComputeProvider } from './ports/compute-provider.js';
import type { EventSource } from './ports/event-source.js';
import type { HostedPaymentGateway } from './ports/hosted-payment-gateway.js';
import type { MetricsProvider } from './ports/metrics-provider.js';
import type { ProtectionProvider } from './ports/protection-provider.js';
import type { NoticeWriter, StatusProvider } from './ports/status-provider.js';
import type { SupportAttachments, SupportProvider } from './ports/support-provider.js';

/** The operation of a provider call made outside any port call or background job. */
export const OTHER_OPERATION = 'other';

const current = new AsyncLocalStorage<string>();

/** The operation the code running now belongs to, or `undefined` outside every port call and job. */
export function currentProviderOperation(): string | undefined {
  return current.getStore();
}

/** Runs `fn` (and the async work it starts) as `operation`; a port call inside it names its own. */
export function withProviderOperation<R>(operation: string, fn: () => R): R {
  return current.run(operation, fn);
}

/** A plugin's own name for a call (`ProviderFetchOptions.operation`): letters, dots and dashes only, so no id or URL. */
const OWN_OPERATION = /^[A-Za-z][A-Za-z.-]{0,63}$/;

/**
 * The operation label of a call: the plugin's explicit one when it is a plain name, else the
 * port method (or job) running now, else `other`.
 */
export function providerOperation(explicit?: string): string {
  if (explicit !== undefined && OWN_OPERATION.test(explicit)) return explicit;
  return current.getStore() ?? OTHER_OPERATION;
}

/** The names of `T`'s methods, optional ones included. */
type MethodName<T> = { [K in keyof T]-?: NonNullable<T[K]> extends (...args: never[]) => unknown ? K : never }[keyof T] & string;

/**
 * How one port is named in operations: its prefix and every method (the type insists on all
 * of them, so a method added to a port without a name here fails the typecheck), and objects
 * it holds whose methods are operations of the same port (a SupportProvider's `attachments`).
 */
export interface PortOperations<T> {
  readonly port: string;
  readonly methods: { readonly [K in MethodName<T>]: true };
  readonly nested?: { readonly [K in keyof T]?: PortOperations<NonNullable<T[K]>> };
}

const SUPPORT_ATTACHMENTS: PortOperations<SupportAttachments> = {
  port: 'support',
  methods: { addAttachments: true, listAttachments: true, getAttachment: true },
};

/** Every port the host calls, and the operations its methods are counted as. */
export const PORT_OPERATIONS = {
  compute: {
    port: 'compute',
    methods: {
      listServers: true,
      getServer: true,
      listFlavors: true,
      listImages: true,
      createServer: true,
      powerAction: true,
      resize: true,
    },
  } satisfies PortOperations<ComputeProvider>,
  metrics: { port: 'metrics', methods: { current: true, currentMany: true, history: true } } satisfies PortOperations<MetricsProvider>,
  billing: {
    port: 'billing',
    methods: { listInvoices: true, getInvoice: true, invoicePdf: true, recordPayment: true, recordRefund: true, addCharge: true },
  } satisfies PortOperations<BillingProvider>,
  support: {
    port: 'support',
    methods: { listTickets: true, getTicket: true, createTicket: true, updateTicket: true, listMessages: true, addMessage: true },
    nested: { attachments: SUPPORT_ATTACHMENTS },
  } satisfies PortOperations<SupportProvider>,
  status: {
    port: 'status',
    methods: { listComponents: true, listNotices: true, acceptWebhook: true },
  } satisfies PortOperations<StatusProvider>,
  notices: { port: 'status', methods: { createNotice: true, updateNotice: true } } satisfies PortOperations<NoticeWriter>,
  protection: {
    port: 'protection',
    methods: { listSnapshots: true, takeSnapshot: true, replication: true, startRestore: true, getRestore: true, setSchedule: true },
  } satisfies PortOperations<ProtectionProvider>,
  gateway: {
    port: 'gateway',
    methods: {
      ensureCustomer: true,
      createSetup: true,
      confirmSetup: true,
      listMethods: true,
      detachMethod: true,
      charge: true,
      findCharge: true,
      cancelCharge: true,
      refund: true,
      parseWebhook: true,
    },
  } satisfies PortOperations<HostedPaymentGateway>,
  events: { port: 'events', methods: { listEvents: true } } satisfies PortOperations<EventSource>,
} as const;

/** Every operation a port call is counted as (`compute.listServers`, …), for the docs and their test. */
export function portOperationNames(): string[] {
  const names = new Set<string>();
  const add = (spec: PortOperations<never>) => {
    for (const method of Object.keys(spec.methods)) names.add(`${spec.port}.${method}`);
    for (const inner of Object.values(spec.nested ?? {}) as PortOperations<never>[]) add(inner);
  };
  for (const spec of Object.values(PORT_OPERATIONS) as PortOperations<never>[]) add(spec);
  return [...names];
}

/** One wrapper per provider object and spec, so resolving a provider twice gives the same object. */
const wrapped = new WeakMap<PortOperations<never>, WeakMap<object, object>>();

/**
 * `provider` as the host calls it: the same object (a Proxy: `instanceof`, fields and getters
 * unchanged), whose port methods run as their operation. Methods run with `this` the provider
 * itself, so its private fields work; the wrapped function of a method is made once, not per
 * call: a call costs one AsyncLocalStorage.run.
 */
export function instrumentPort<T extends object, P extends T = T>(provider: P, spec: PortOperations<T>): P {
  const key = spec as unknown as PortOperations<never>;
  let byProvider = wrapped.get(key);
  if (!byProvider) wrapped.set(key, (byProvider = new WeakMap()));
  const known = byProvider.get(provider);
  if (known) return known as P;
  const methods: Readonly<Record<PropertyKey, true | undefined>> = spec.methods;
  const nested: Readonly<Record<PropertyKey, PortOperations<object> | undefined>> = spec.nested ?? {};
  /** Per property: the value last read and what the host gets for it. */
  const cache = new Map<PropertyKey, { value: unknown; wrapped: unknown }>();
  const proxy = new Proxy(provider, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      const inner = Object.hasOwn(nested, property) ? nested[property] : undefined;
      if (typeof value !== 'function' && !(inner && value !== null && typeof value === 'object')) return value;
      const entry = cache.get(property);
      if (entry && entry.value === value) return entry.wrapped;
      let result: unknown;
      if (typeof value !== 'function') {
        result = instrumentPort(value as object, inner!);
      } else if (typeof property === 'string' && Object.hasOwn(methods, property)) {
        const operation = `${spec.port}.${property}`;
        const fn = value as (...args: unknown[]) => unknown;
        result = (...args: unknown[]) => current.run(operation, Reflect.apply, fn, target, args);
      } else {
        // Not a port method (the host never calls one, but a bound one keeps private fields working).
        result = (value as (...args: unknown[]) => unknown).bind(target);
      }
      cache.set(property, { value, wrapped: result });
      return result;
    },
    set(target, property, value) {
      return Reflect.set(target, property, value, target);
    },
  });
  byProvider.set(provider, proxy);
  return proxy;
}
