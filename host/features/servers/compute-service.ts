import type { Db } from '../../db/database.js';
import type { EventBus } from '../../ports/event-bus.js';
import type { ComputeProvider, CreateServerInput, Flavor, PowerAction, Server } from '../../ports/compute-provider.js';
import { toServerResource } from './resources.js';
import { ApiError, ConflictError, DomainError, InvalidInputError, ProviderError, isNotFound, notFound } from '../../errors.js';
import { errorMessage } from '../../error-messages.js';
import { failureWords } from '../../provider-words.js';

export const SERVERS_TOPIC = 'servers';

export interface ComputeAccount {
  source: string;
  scope: string;
}

/** A server as the API shows it: the provider's server with a Glasspane id. */
export interface TenantServer extends Omit<Server, 'id'> {
  /** `<source>:<provider id>`. */
  id: string;
  source: string;
}

export interface Unavailable {
  source: string;
  code: string;
  detail: string;
}

export interface ComputeServiceOptions {
  /** How often a server is re-read while an action settles. Default 1 s. */
  watchIntervalMs?: number;
  /** Give up watching after this long. Default 10 min. */
  watchTimeoutMs?: number;
}

/** Splits `openstack:1234-…` into source and provider id. */
export function parseServerId(id: string): { source: string; rawId: string } | undefined {
  const i = id.indexOf(':');
  return i > 0 && i < id.length - 1 ? { source: id.slice(0, i), rawId: id.slice(i + 1) } : undefined;
}

/**
 * A tenant's servers across its compute accounts. Every call is scoped by tenant: a
 * server is reached only through an account the tenant has, so another tenant's id is
 * a 404. Power actions are watched until the provider reports them settled, and each
 * change is streamed, so widgets show the transition without polling.
 */
export class ComputeService {
  readonly #watching = new Map<string, AbortController>();
  readonly #accountCache = new Map<string, { at: number; accounts: ComputeAccount[] }>();
  readonly #serverCache = new Map<string, { at: number; server: TenantServer }>();
  readonly #watchIntervalMs: number;
  readonly #watchTimeoutMs: number;

  constructor(
    private readonly db: Db,
    private readonly providers: readonly ComputeProvider[],
    private readonly bus: EventBus,
    options: ComputeServiceOptions = {},
  ) {
    this.#watchIntervalMs = options.watchIntervalMs ?? 1000;
    this.#watchTimeoutMs = options.watchTimeoutMs ?? 10 * 60_000;
  }

  get sources(): string[] {
    return this.providers.map((p) => p.source);
  }

  async accounts(tenant: string): Promise<ComputeAccount[]> {
    const cached = this.#accountCache.get(tenant);
    if (cached && Date.now() - cached.at < 5_000) return cached.accounts;
    const accounts = await this.db
      .selectFrom('compute_accounts')
      .select(['source', 'scope'])
      .where('tenant_id', '=', tenant)
      .orderBy('source')
      .execute();
    if (this.#accountCache.size > 10_000) this.#accountCache.clear();
    this.#accountCache.set(tenant, { at: Date.now(), accounts });
    return accounts;
  }

  /** Replaces a tenant's compute accounts (admin). */
  async setAccounts(tenant: string, accounts: readonly ComputeAccount[]): Promise<void> {
    this.#accountCache.delete(tenant);
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('compute_accounts').where('tenant_id', '=', tenant).execute();
      if (accounts.length)
        await trx
          .insertInto('compute_accounts')
          .values(accounts.map((a) => ({ tenant_id: tenant, ...a })))
          .execute();
    });
  }

  async listServers(tenant: string, signal?: AbortSignal): Promise<{ items: TenantServer[]; unavailable: Unavailable[] }> {
    const accounts = await this.accounts(tenant);
    const results = await Promise.allSettled(
      accounts.map(async (a) => (await this.#provider(a.source).listServers(a.scope, signal)).map((s) => toTenantServer(a.source, s))),
    );
    const items: TenantServer[] = [];
    const unavailable: Unavailable[] = [];
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') items.push(...r.value);
      else unavailable.push(describe(accounts[i]!.source, r.reason));
    });
    if (items.length === 0 && unavailable.length > 0 && unavailable.length === accounts.length)
      throw asProviderError(
        accounts[0]!.source,
        results.find((r) => r.status === 'rejected')!,
      );
    items.sort((a, b) => a.name.localeCompare(b.name));
    return { items, unavailable };
  }

  async getServer(tenant: string, id: string, signal?: AbortSignal): Promise<TenantServer> {
    const { account, rawId } = await this.#resolve(tenant, id);
    const server = await this.#provider(account.source).getServer(account.scope, rawId, signal);
    if (!server) throw notFound('server', id);
    return toTenantServer(account.source, server);
  }

  /**
   * A server's details for things that change rarely (flavor, for capacity), reused for
   * `maxAgeMs` so a chart refresh does not cost a provider round trip.
   */
  async getServerCached(tenant: string, id: string, maxAgeMs = 30_000): Promise<TenantServer> {
    const key = `${tenant}\u0000${id}`;
    const hit = this.#serverCache.get(key);
    if (hit && Date.now() - hit.at < maxAgeMs) return hit.server;
    const server = await this.getServer(tenant, id);
    if (this.#serverCache.size > 10_000) this.#serverCache.clear();
    this.#serverCache.set(key, { at: Date.now(), server });
    return server;
  }

  async listFlavors(tenant: string, source: string | undefined, signal?: AbortSignal): Promise<(Flavor & { source: string })[]> {
    // A tenant without a server account has nothing to choose from; only creating is an error.
    if (!source && (await this.accounts(tenant)).length === 0) return [];
    const account = await this.#account(tenant, source);
    return (await this.#provider(account.source).listFlavors(account.scope, signal)).map((f) => ({ ...f, source: account.source }));
  }

  async listImages(tenant: string, source: string | undefined, signal?: AbortSignal) {
    if (!source && (await this.accounts(tenant)).length === 0) return [];
    const account = await this.#account(tenant, source);
    return (await this.#provider(account.source).listImages(account.scope, signal)).map((i) => ({ ...i, source: account.source }));
  }

  async createServer(tenant: string, source: string | undefined, input: CreateServerInput): Promise<TenantServer> {
    const account = await this.#account(tenant, source);
    const created = toTenantServer(account.source, await this.#provider(account.source).createServer(account.scope, input));
    await this.#publish(tenant, created);
    this.#watch(tenant, created.id);
    return created;
  }

  /** Asks the provider for a power action; the answer streams in as the server settles. */
  async powerAction(tenant: string, id: string, action: PowerAction): Promise<TenantServer> {
    const { account, rawId } = await this.#resolve(tenant, id);
    const provider = this.#provider(account.source);
    const before = await provider.getServer(account.scope, rawId);
    if (!before) throw notFound('server', id);
    try {
      await provider.powerAction(account.scope, rawId, action);
    } catch (err) {
      // A refusal the server's state explains (stopping a stopped server) is said in the host's words, to every reader.
      const already = (action === 'stop' && before.status === 'stopped') || (action === 'start' && before.status === 'active');
      if (already && err instanceof ProviderError && err.failure === 'conflict') {
        throw new ConflictError(errorMessage('server_state_conflict.already', { server: before.name, status: before.status }, err.code), {
          cause: err,
        });
      }
      throw err;
    }
    const after = (await provider.getServer(account.scope, rawId).catch(() => undefined)) ?? before;
    // Until the provider shows its own task, say what we asked for.
    const pending = toTenantServer(account.source, after.task ? after : { ...after, task: PENDING_TASK[action] });
    await this.#publish(tenant, pending);
    this.#watch(tenant, id);
    return pending;
  }

  /** Stops every watcher (host shutdown). */
  close(): void {
    for (const controller of this.#watching.values()) controller.abort();
    this.#watching.clear();
  }

  #watch(tenant: string, id: string): void {
    const key = `${tenant}\u0000${id}`;
    this.#watching.get(key)?.abort();
    const controller = new AbortController();
    this.#watching.set(key, controller);
    const deadline = Date.now() + this.#watchTimeoutMs;
    let last = '';
    const tick = async () => {
      if (controller.signal.aborted) return;
      try {
        const server = await this.getServer(tenant, id, controller.signal);
        const snapshot = JSON.stringify(server);
        if (snapshot !== last) {
          last = snapshot;
          await this.#publish(tenant, server);
        }
        if (!server.task && server.status !== 'building' && server.status !== 'rebooting') {
          this.#watching.delete(key);
          return;
        }
      } catch (err) {
        if (isNotFound(err)) {
          this.#watching.delete(key);
          await this.bus.publish(tenant, SERVERS_TOPIC, { op: 'remove', id });
          return;
        }
        // A provider hiccup while watching is not the end of the action: keep looking.
      }
      if (Date.now() < deadline) setTimeout(tick, this.#watchIntervalMs).unref?.();
      else this.#watching.delete(key);
    };
    setTimeout(tick, this.#watchIntervalMs).unref?.();
  }

  async #publish(tenant: string, server: TenantServer) {
    await this.bus.publish(tenant, SERVERS_TOPIC, { op: 'upsert', data: toServerResource(server) });
  }

  async #resolve(tenant: string, id: string): Promise<{ account: ComputeAccount; rawId: string }> {
    const parsed = parseServerId(id);
    if (!parsed) throw notFound('server', id);
    const account = (await this.accounts(tenant)).find((a) => a.source === parsed.source);
    if (!account || !this.providers.some((p) => p.source === account.source)) throw notFound('server', id);
    return { account, rawId: parsed.rawId };
  }

  async #account(tenant: string, source: string | undefined): Promise<ComputeAccount> {
    const accounts = (await this.accounts(tenant)).filter((a) => this.providers.some((p) => p.source === a.source));
    if (accounts.length === 0) throw new ConflictError(errorMessage('no_compute_account'));
    if (!source) {
      if (accounts.length > 1) {
        throw new InvalidInputError(errorMessage('source_required', { sources: accounts.map((a) => a.source).join(' or ') }), {
          parameter: 'filter[source]',
        });
      }
      return accounts[0]!;
    }
    const account = accounts.find((a) => a.source === source);
    if (!account) throw new InvalidInputError(errorMessage('unknown_source.account', { source }));
    return account;
  }

  #provider(source: string): ComputeProvider {
    const provider = this.providers.find((p) => p.source === source);
    if (!provider)
      throw new ProviderError(source, errorMessage('provider_missing', { kind: 'compute', source }), { failure: 'unavailable' });
    return provider;
  }
}

const PENDING_TASK: Record<PowerAction, string> = { start: 'powering-on', stop: 'powering-off', reboot: 'rebooting' };

export function toTenantServer(source: string, server: Server): TenantServer {
  return { ...server, id: `${source}:${server.id}`, source };
}

/** Why a source is missing from a list, for `meta.unavailable`, in words the reader may read (`failureWords`). */
function describe(source: string, reason: unknown): Unavailable {
  return { source, ...failureWords(source, reason, 'compute') };
}

function asProviderError(source: string, rejected: PromiseSettledResult<unknown>): Error {
  const reason = (rejected as PromiseRejectedResult).reason;
  if (reason instanceof ProviderError || reason instanceof DomainError || reason instanceof ApiError) return reason;
  return new ProviderError(source, errorMessage('provider_failed', { provider: source }, 'provider_error'), {
    failure: 'unavailable',
    cause: reason,
  });
}
