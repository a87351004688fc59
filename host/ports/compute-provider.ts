import type { InjectionToken } from 'tsyringe';

/** Glasspane's server states; each provider maps its own (Nova `SHUTOFF`, VCD `POWERED_OFF`, …). */
export const ServerStatus = {
  active: 'active',
  building: 'building',
  stopped: 'stopped',
  rebooting: 'rebooting',
  paused: 'paused',
  suspended: 'suspended',
  /** Resizing, migrating, rebuilding, … : busy, no power action possible. */
  busy: 'busy',
  error: 'error',
  deleted: 'deleted',
  unknown: 'unknown',
} as const;
export type ServerStatus = (typeof ServerStatus)[keyof typeof ServerStatus];

export const PowerAction = { start: 'start', stop: 'stop', reboot: 'reboot' } as const;
export type PowerAction = (typeof PowerAction)[keyof typeof PowerAction];

export interface Flavor {
  id: string;
  name: string;
  vcpus: number;
  ramMb: number;
  diskGb: number;
}

export interface ServerAddress {
  address: string;
  version: 4 | 6;
  /** `fixed` (private) or `floating` (public) in OpenStack terms. */
  type: 'fixed' | 'floating';
  network: string;
}

export interface Server {
  /** The provider's id (Nova UUID, VCD `urn:vcloud:vm:…`). */
  id: string;
  name: string;
  status: ServerStatus;
  /** The provider's own status word, for support staff (`SHUTOFF`, `POWERED_ON`). */
  providerStatus: string;
  /** What the provider is doing right now (`powering-off`, `rebooting`), or null when settled. */
  task: string | null;
  flavor: Flavor | null;
  image: { id: string; name: string } | null;
  addresses: ServerAddress[];
  region: string | null;
  createdAt: string | null;
  /** The provider's reason when status is `error`. */
  fault: string | null;
}

export interface CreateServerInput {
  name: string;
  flavorId: string;
  imageId: string;
  /** Provider network id; the provider's default when absent. */
  networkId?: string;
}

/**
 * Virtual servers of one account at a provider. `scope` is the account the tenant's
 * servers live in: an OpenStack project id, a Cloud Director org name.
 */
export interface ComputeProvider {
  readonly source: string;
  listServers(scope: string, signal?: AbortSignal): Promise<Server[]>;
  /** `undefined` when there is no such server in this scope. */
  getServer(scope: string, id: string, signal?: AbortSignal): Promise<Server | undefined>;
  listFlavors(scope: string, signal?: AbortSignal): Promise<Flavor[]>;
  listImages(scope: string, signal?: AbortSignal): Promise<{ id: string; name: string }[]>;
  /** Starts creating; the returned server is usually `building`. */
  createServer(scope: string, input: CreateServerInput, signal?: AbortSignal): Promise<Server>;
  /**
   * Asks for a power action. Resolves once the provider accepted it (the action itself
   * is asynchronous: poll `getServer` until `task` is null). A state that forbids the
   * action is a `ProviderError` with status 409 and a message a person can read.
   */
  powerAction(scope: string, id: string, action: PowerAction, signal?: AbortSignal): Promise<void>;
  /**
   * Changes a server's size to `flavorId` (a flavor of `listFlavors`; for Cloud Director a
   * sizing policy or a CPU/memory reconfiguration). Resolves when the provider has the
   * server on the new size (OpenStack: resize, wait for `VERIFY_RESIZE`, confirm, wait for
   * `ACTIVE`/`SHUTOFF`), rejects with a `ProviderError` carrying the provider's reason when
   * it refuses or the task fails. Most providers reboot the server for it: callers ask the
   * customer first. Optional while not every provider implements it; orders that need it
   * are refused with a clear message when it is missing.
   */
  resize?(scope: string, id: string, flavorId: string, signal?: AbortSignal): Promise<Server>;
}

export const ComputeProviderToken: InjectionToken<ComputeProvider> = Symbol.for('glasspane.ComputeProvider');
