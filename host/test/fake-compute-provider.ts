import { z } from 'zod';
import type { ComputeProvider, CreateServerInput, Flavor, PowerAction, Server } from '../ports/compute-provider.js';
import { ComputeProviderToken } from '../ports/compute-provider.js';
import type { Metric, MetricRange, MetricSample, MetricsProvider } from '../ports/metrics-provider.js';
import { MetricsProviderToken } from '../ports/metrics-provider.js';
import { ProviderError } from '../errors.js';
import { definePlugin } from '../plugin.js';
import { testNow } from './test-clock.js';

const FLAVOR: Flavor = { id: 'f1', name: 'm1.small', vcpus: 2, ramMb: 4096, diskGb: 40 };
/** Flavors `resize` knows besides the listed one (the listing stays as host tests expect it). */
const FLAVORS: Flavor[] = [
  FLAVOR,
  { id: 'f2', name: 'm1.medium', vcpus: 4, ramMb: 8192, diskGb: 80 },
  { id: 'f3', name: 'm1.large', vcpus: 8, ramMb: 16384, diskGb: 160 },
];

/**
 * In-memory compute + metrics provider for host tests (service logic, tenancy, routes).
 * The real protocols are tested against each plugin's own fake.
 */
export class MemoryCompute implements ComputeProvider, MetricsProvider {
  /** scope -> servers */
  servers = new Map<string, Server[]>();
  /** Power actions settle when `settle()` is called. */
  pending = new Map<string, PowerAction>();
  failing: ProviderError | null = null;
  historyFn: (metric: Metric, range: MetricRange) => MetricSample[] = () => [];
  currentValue: Partial<Record<Metric, number>> = { cpu: 42, memory: 2048 };
  /** The monitoring's clock: when current values are stamped. */
  now: () => Date = testNow;

  constructor(readonly source = 'memcloud') {}

  addServer(scope: string, partial: Partial<Server> & { id: string }) {
    const server: Server = {
      name: partial.id,
      status: 'active',
      providerStatus: 'ACTIVE',
      task: null,
      flavor: FLAVOR,
      image: null,
      addresses: [{ address: '10.0.0.5', version: 4, type: 'fixed', network: 'private' }],
      region: 'fra1',
      createdAt: '2025-01-01T00:00:00Z',
      fault: null,
      ...partial,
    };
    this.servers.set(scope, [...(this.servers.get(scope) ?? []), server]);
    return server;
  }

  #check() {
    if (this.failing) throw this.failing;
  }
  async listServers(scope: string) {
    this.#check();
    return structuredClone(this.servers.get(scope) ?? []);
  }
  async getServer(scope: string, id: string) {
    this.#check();
    return structuredClone((this.servers.get(scope) ?? []).find((s) => s.id === id));
  }
  async listFlavors() {
    return [FLAVOR];
  }
  async listImages() {
    return [{ id: 'img-1', name: 'Debian 12' }];
  }
  async createServer(scope: string, input: CreateServerInput) {
    this.#check();
    const server = this.addServer(scope, {
      id: `new-${input.name}`,
      name: input.name,
      status: 'building',
      providerStatus: 'BUILD',
      task: 'spawning',
    });
    // The build finishes with the next `settle()`, like a power action.
    this.pending.set(server.id, 'start');
    return structuredClone(server);
  }
  async powerAction(scope: string, id: string, action: PowerAction) {
    this.#check();
    const server = (this.servers.get(scope) ?? []).find((s) => s.id === id);
    if (!server) throw new ProviderError(this.source, 'No such server.', { status: 404, code: 'not_found' });
    if (action === 'stop' && server.status === 'stopped')
      throw new ProviderError(this.source, 'The server is already stopped.', { status: 409, code: 'server_state_conflict' });
    server.task = action === 'stop' ? 'powering-off' : action === 'start' ? 'powering-on' : 'rebooting';
    this.pending.set(id, action);
  }
  /**
   * Resizes at once, as the port's contract describes the end state: the server on the new
   * flavor, in the power state it had. Same flavor, a smaller disk or a busy server refuse.
   */
  async resize(scope: string, id: string, flavorId: string) {
    this.#check();
    const server = (this.servers.get(scope) ?? []).find((s) => s.id === id);
    if (!server) throw new ProviderError(this.source, 'No such server.', { status: 404, code: 'not_found' });
    const flavor = FLAVORS.find((f) => f.id === flavorId);
    if (!flavor) throw new ProviderError(this.source, `No flavor "${flavorId}".`, { status: 422, code: 'invalid' });
    if (server.status !== 'active' && server.status !== 'stopped')
      throw new ProviderError(this.source, `The server cannot resize while it is ${server.status}.`, {
        status: 409,
        code: 'server_state_conflict',
      });
    if (server.flavor?.id === flavorId)
      throw new ProviderError(this.source, 'When resizing, instances must change flavor!', { status: 422, code: 'invalid' });
    if (server.flavor && flavor.diskGb < server.flavor.diskGb)
      throw new ProviderError(this.source, 'Resizing to a smaller disk flavor is not allowed.', { status: 422, code: 'invalid' });
    server.flavor = flavor;
    return structuredClone(server);
  }
  /** Completes every pending action. */
  settle() {
    for (const servers of this.servers.values()) {
      for (const s of servers) {
        const action = this.pending.get(s.id);
        if (!action) continue;
        s.task = null;
        s.status = action === 'stop' ? 'stopped' : 'active';
        s.providerStatus = action === 'stop' ? 'SHUTOFF' : 'ACTIVE';
      }
    }
    this.pending.clear();
  }
  /** Metrics of a server of `scope` only, as a real provider's tenancy: another's is not found. */
  #measured(scope: string, id: string) {
    if (!(this.servers.get(scope) ?? []).some((s) => s.id === id))
      throw new ProviderError(this.source, 'No such server.', { status: 404, code: 'not_found' });
  }
  async current(scope: string, id: string) {
    this.#check();
    this.#measured(scope, id);
    const at = this.now().toISOString();
    return Object.fromEntries(Object.entries(this.currentValue).map(([m, v]) => [m, { at, value: v }]));
  }
  async history(scope: string, id: string, metric: Metric, range: MetricRange) {
    this.#check();
    this.#measured(scope, id);
    return this.historyFn(metric, range);
  }

  plugin() {
    return definePlugin({
      id: this.source,
      provides: ['ComputeProvider', 'MetricsProvider'],
      config: z.object({}),
      register: ({ container }) => {
        container.register(ComputeProviderToken, { useValue: this });
        container.register(MetricsProviderToken, { useValue: this });
      },
    });
  }
}
