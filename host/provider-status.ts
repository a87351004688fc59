/**
 * The last outcome of each plugin's calls to its provider, for `/readyz` and operators.
 * `providerFetch` records every call; a plugin that speaks another transport may call
 * `recordProviderCall` itself. Kept per process: each host reports what it saw.
 */
import { providerOperation } from './provider-operation.js';

export interface ProviderCallStatus {
  /** `ok` after a successful call, `failing` after a failed one. */
  state: 'ok' | 'failing';
  /** When the last call ended (ISO 8601). */
  at: string;
  /** The last failure: code (`provider_unreachable`, `upstream_503`, …) and when. */
  lastError?: { code: string; at: string };
}

const statuses = new Map<string, ProviderCallStatus>();

export type ProviderCallOutcome = { ok: true } | { ok: false; code: string };
type CallListener = (pluginId: string, outcome: ProviderCallOutcome, durationMs: number | undefined, operation: string) => void;
const listeners = new Set<CallListener>();

/** Hears every recorded call (the host's metrics); returns the unsubscribe. */
export function onProviderCall(listener: CallListener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/**
 * Records a call's outcome; `durationMs`, when known, is how long the call took. The call is
 * counted as `operation` when given (a fixed name: see `ProviderFetchOptions.operation`), else
 * as the port method or job running now (`compute.listServers`), else as `other`.
 */
export function recordProviderCall(
  pluginId: string,
  outcome: ProviderCallOutcome,
  now = new Date(),
  durationMs?: number,
  operation?: string,
): void {
  const named = providerOperation(operation);
  for (const listener of listeners) listener(pluginId, outcome, durationMs, named);
  const at = now.toISOString();
  const previous = statuses.get(pluginId);
  statuses.set(
    pluginId,
    outcome.ok ? { state: 'ok', at, lastError: previous?.lastError } : { state: 'failing', at, lastError: { code: outcome.code, at } },
  );
}

/** What is known of a plugin's provider; `undefined` before its first call. */
export function providerCallStatus(pluginId: string): ProviderCallStatus | undefined {
  return statuses.get(pluginId);
}

/** Each plugin's circuit breakers that are open now (a plugin may keep one per endpoint or region). */
const openCircuits = new Map<string, Set<object>>();

/** Records whether one of a plugin's circuit breakers is open (`providerFetch` does after every call). */
export function recordCircuit(pluginId: string, breaker: object, open: boolean): void {
  let set = openCircuits.get(pluginId);
  if (open) {
    if (!set) openCircuits.set(pluginId, (set = new Set()));
    set.add(breaker);
  } else {
    set?.delete(breaker);
  }
}

/** How many of each plugin's circuit breakers are open (plugins that had one open keep their entry at 0). */
export function openCircuitCounts(): Map<string, number> {
  return new Map([...openCircuits].map(([plugin, set]) => [plugin, set.size]));
}
