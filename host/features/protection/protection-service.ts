/**
 * Disaster-recovery protection of a tenant's servers: each server's tier, what it really gets
 * (measured from the storage), snapshots on demand, test restores and the status history that
 * feeds the account calendar. Over 400 lines as one service on purpose: the measurement,
 * snapshots and restores share the provider, the tiers and the status log; the pure recovery
 * point arithmetic is in recovery-point.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.js';
import { ConflictError, ProviderError, UnavailableError, ValidationError, isNotFound, notFound } from '../../errors.js';
import type { EventBus } from '../../ports/event-bus.js';
import type {
  ProtectedServerRef,
  ProtectionProvider,
  ProtectionSchedule,
  ProtectionSnapshot,
  ReplicationStatus,
  RestoreRun,
} from '../../ports/protection-provider.js';
import type { CatalogService, ServicePlan } from '../orders/catalog.js';
import type { AccountEventService } from '../account-calendar/account-events.js';
import type { ComputeService, TenantServer, Unavailable } from '../servers/compute-service.js';
import { isUniqueViolation } from '../../db/constraints.js';
import { readJson, writeJson } from '../../db/json.js';
import { translated, type Translations } from '../../language.js';
import { measureRecoveryPoint, type ProtectionTier, type RecoveryPoint } from './recovery-point.js';
import { errorMessage, errorText, readerErrorText, storedCatalogueWords, type ErrorMessage } from '../../error-messages.js';
import { failureWords } from '../../provider-words.js';

export const PROTECTION_TOPIC = 'protection';
/** The catalog group every protection tier belongs to: a new tier replaces the old one. */
export const PROTECTION_GROUP = 'dr-protection';

export interface RestoreRecord extends RestoreRun {
  /** The host's id of the run. */
  hostId: string;
  serverName: string;
  requestedBy: string;
}

/** One server's protection as the customer sees it. */
export interface ServerProtection {
  serverId: string;
  serverName: string;
  region: string | null;
  tier: ProtectionTier | null;
  recovery: RecoveryPoint;
  replication: ReplicationStatus | null;
  /** Newest first, at most ten. */
  snapshots: ProtectionSnapshot[];
  lastRestore: RestoreRecord | null;
  /** The server is in the tenant's contract (has a service plan), so a tier can be ordered for it. */
  inContract: boolean;
  /** The provider's reason when it could not be asked this time; the rest is still shown. */
  error: string | null;
}

export interface ProtectionServiceOptions {
  /** How often a running restore is re-read. Default 2 s. */
  watchIntervalMs?: number;
  /** A restore still running after this long is reported failed. Default 6 h. */
  restoreTimeoutMs?: number;
}

type TierRow = {
  id: string;
  name: string;
  description: string;
  translations: string;
  currency: string;
  monthly_amount: number;
  rank: number;
  rpo_minutes: number;
  snapshot_every_minutes: number;
  retention_days: number;
  replication: number;
  test_restore_days: number | null;
};

const toTier = (r: TierRow): ProtectionTier => ({
  id: r.id,
  name: translated(r.name, readJson<Translations<'name' | 'description'>>(r.translations, {}), 'name'),
  description: translated(r.description, readJson<Translations<'name' | 'description'>>(r.translations, {}), 'description'),
  currency: r.currency,
  monthlyAmount: Number(r.monthly_amount),
  rpoMinutes: r.rpo_minutes,
  snapshotEveryMinutes: r.snapshot_every_minutes,
  retentionDays: r.retention_days,
  replication: r.replication === 1,
  testRestoreDays: r.test_restore_days,
  rank: r.rank,
});

/**
 * The disaster-recovery add-on: which tier each server has (a catalog add-on of the
 * `dr-protection` group, ordered through the upgrade flow), what the provider really
 * delivers against the tier's recovery point, snapshots on demand and test restores
 * watched until the provider reports the outcome. A server that falls outside its
 * recovery point is streamed and becomes an account event (a tape and a red lamp).
 */
export class ProtectionService {
  readonly #watching = new Set<string>();
  readonly #opts: Required<ProtectionServiceOptions>;
  /** Set after construction: the account calendar is built from every service, this one included. */
  events?: AccountEventService;

  constructor(
    private readonly db: Db,
    private readonly provider: ProtectionProvider | undefined,
    private readonly deps: { compute: ComputeService; catalog: CatalogService },
    private readonly bus: EventBus,
    private readonly now: () => Date,
    options: ProtectionServiceOptions = {},
  ) {
    this.#opts = { watchIntervalMs: options.watchIntervalMs ?? 2000, restoreTimeoutMs: options.restoreTimeoutMs ?? 6 * 3600_000 };
  }

  get source(): string | null {
    return this.provider?.source ?? null;
  }

  /** Whether the protection provider takes a tier's snapshot schedule (then a DR add-on order sets it there). */
  get setsSchedules(): boolean {
    return !!this.provider?.setSchedule;
  }

  /** Sets the server's automatic snapshots at the provider to the tier's; throws with the provider's reason. */
  async applyTier(tenant: string, serverId: string, schedule: ProtectionSchedule): Promise<void> {
    const provider = this.#provider();
    if (!provider.setSchedule) throw new UnavailableError(errorMessage('schedule_unsupported', { provider: provider.source }));
    const server = await this.deps.compute.getServerCached(tenant, serverId);
    await provider.setSchedule(tenant, { id: server.id, name: server.name }, schedule);
  }

  /** Active tiers, cheapest first. */
  async tiers(options: { includeInactive?: boolean } = {}): Promise<ProtectionTier[]> {
    let q = this.db
      .selectFrom('protection_tiers as t')
      .innerJoin('catalog_items as c', 'c.id', 't.item_id')
      .select([
        'c.id',
        'c.name',
        'c.description',
        'c.translations',
        'c.currency',
        'c.monthly_amount',
        'c.rank',
        't.rpo_minutes',
        't.snapshot_every_minutes',
        't.retention_days',
        't.replication',
        't.test_restore_days',
      ])
      .orderBy('c.monthly_amount')
      .orderBy('c.id');
    if (!options.includeInactive) q = q.where('c.active', '=', 1);
    return (await q.execute()).map(toTier);
  }

  /** Makes a catalog add-on a protection tier (staff). The add-on joins the `dr-protection` group. */
  async setTier(
    itemId: string,
    tier: Pick<ProtectionTier, 'rpoMinutes' | 'snapshotEveryMinutes' | 'retentionDays' | 'replication' | 'testRestoreDays'>,
  ): Promise<ProtectionTier> {
    const item = await this.deps.catalog.get(itemId);
    if (!item) throw notFound('catalog item', itemId);
    if (item.kind !== 'addon') throw new ValidationError(errorMessage('invalid.tier_is_plan', { item: item.name }), '/data/id');
    if (tier.snapshotEveryMinutes > tier.rpoMinutes)
      throw new ValidationError(errorMessage('invalid.snapshot_rpo'), '/data/attributes/snapshotEveryMinutes');
    const values = {
      rpo_minutes: tier.rpoMinutes,
      snapshot_every_minutes: tier.snapshotEveryMinutes,
      retention_days: tier.retentionDays,
      replication: tier.replication ? 1 : 0,
      test_restore_days: tier.testRestoreDays,
    };
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('catalog_items').set({ addon_group: PROTECTION_GROUP }).where('id', '=', itemId).execute();
      await trx
        .insertInto('protection_tiers')
        .values({ item_id: itemId, ...values })
        .onConflict((oc) => oc.column('item_id').doUpdateSet(values))
        .execute();
    });
    return (await this.tiers({ includeInactive: true })).find((t) => t.id === itemId)!;
  }

  /** Every server of the tenant with its tier and what it really gets. A provider that fails costs its own part only. */
  async overview(tenant: string, signal?: AbortSignal): Promise<{ items: ServerProtection[]; unavailable: Unavailable[] }> {
    const [{ items: servers, unavailable }, tiers, plans, restores] = await Promise.all([
      this.deps.compute.listServers(tenant, signal),
      this.tiers({ includeInactive: true }),
      this.deps.catalog.servicePlans(tenant),
      this.#latestRestores(tenant),
    ]);
    const tested = await this.#lastSuccessfulRestores(tenant);
    const planOf = new Map(plans.map((p) => [p.serviceId, p]));
    const items = await Promise.all(
      servers.map((server) =>
        this.#measure(
          tenant,
          server,
          {
            plan: planOf.get(server.id),
            tiers,
            lastRestore: restores.get(server.id) ?? null,
            lastTestRestoreAt: tested.get(server.id) ?? null,
          },
          signal,
        ),
      ),
    );
    // The storage failing is said once, beside the compute providers that failed.
    const failed = items.find((i) => i.error);
    if (failed)
      unavailable.push({
        source: this.provider?.source ?? 'protection',
        code: this.provider ? 'provider_unavailable' : 'no_protection_provider',
        detail: failed.error!,
      });
    return { items, unavailable };
  }

  async server(tenant: string, serverId: string, signal?: AbortSignal): Promise<ServerProtection> {
    const server = await this.deps.compute.getServerCached(tenant, serverId);
    const [tiers, plan, restores, tested] = await Promise.all([
      this.tiers({ includeInactive: true }),
      this.deps.catalog.servicePlan(tenant, serverId).catch(() => undefined),
      this.#latestRestores(tenant, serverId),
      this.#lastSuccessfulRestores(tenant, serverId),
    ]);
    return this.#measure(
      tenant,
      server,
      { plan, tiers, lastRestore: restores.get(serverId) ?? null, lastTestRestoreAt: tested.get(serverId) ?? null },
      signal,
    );
  }

  async #measure(
    tenant: string,
    server: TenantServer,
    context: {
      plan: ServicePlan | undefined;
      tiers: readonly ProtectionTier[];
      lastRestore: RestoreRecord | null;
      lastTestRestoreAt: string | null;
    },
    signal?: AbortSignal,
  ): Promise<ServerProtection> {
    const { plan, lastRestore, lastTestRestoreAt } = context;
    // The server's tier is the protection add-on on its plan.
    const tier = (plan && context.tiers.find((t) => plan.addons.some((a) => a.id === t.id))) ?? null;
    const ref: ProtectedServerRef = { id: server.id, name: server.name };
    let snapshots: ProtectionSnapshot[] = [];
    let replication: ReplicationStatus | null = null;
    let error: string | null = null;
    if (this.provider) {
      try {
        [snapshots, replication] = await Promise.all([
          this.provider.listSnapshots(tenant, ref, signal),
          this.provider.replication(tenant, ref, signal),
        ]);
      } catch (err) {
        // A server the storage does not hold (404) simply has no protection there; anything else is the provider failing.
        if (!isNotFound(err)) error = failureWords(this.provider.source, err, 'protection').detail;
        snapshots = [];
        replication = null;
      }
    } else {
      error = readerErrorText(errorMessage('no_protection_provider')).detail!;
    }
    const measured = measureRecoveryPoint({ tier, snapshots, replication, lastTestRestoreAt, now: this.now() });
    // Without an answer from the storage, "never protected" would be a claim we cannot make.
    const recovery: RecoveryPoint = error && tier ? { ...measured, status: 'unknown', reasons: [], testRestoreDue: false } : measured;
    snapshots = [...snapshots].sort((a, b) => Date.parse(b.takenAt) - Date.parse(a.takenAt)).slice(0, 10);
    return {
      serverId: server.id,
      serverName: server.name,
      region: server.region,
      tier,
      recovery,
      replication,
      snapshots,
      lastRestore,
      inContract: !!plan,
      error,
    };
  }

  /** Takes a snapshot now (technical role), kept as long as the server's tier keeps snapshots (7 days without one). */
  async snapshotNow(
    tenant: string,
    serverId: string,
    actor: string,
  ): Promise<{ snapshot: ProtectionSnapshot; protection: ServerProtection }> {
    const provider = this.#provider();
    const before = await this.server(tenant, serverId);
    const stamp = this.now().toISOString().slice(0, 16).replace(/[-:T]/g, '');
    const snapshot = await provider.takeSnapshot(
      tenant,
      { id: serverId, name: before.serverName },
      { name: `portal-${before.serverName}-${stamp}`, retentionMinutes: (before.tier?.retentionDays ?? 7) * 1440, consistency: 'crash' },
    );
    const protection = await this.#settle(tenant, serverId, actor);
    return { snapshot, protection };
  }

  /**
   * Restores a snapshot (the newest good one when none is named) to a new server beside
   * production, and watches it until the provider reports the outcome.
   */
  async startTestRestore(tenant: string, serverId: string, actor: string, snapshotId?: string): Promise<RestoreRecord> {
    const provider = this.#provider();
    const current = await this.server(tenant, serverId);
    if (current.lastRestore?.status === 'running') throw new ConflictError(errorMessage('restore_running', { server: current.serverName }));
    // The measurement already read the newest ten (newest first); only a named or older one needs the full list.
    const usable = (s: ProtectionSnapshot) => s.good && !s.pending;
    const all = async () =>
      (await provider.listSnapshots(tenant, { id: serverId, name: current.serverName })).sort(
        (a, b) => Date.parse(b.takenAt) - Date.parse(a.takenAt),
      );
    const snapshot = snapshotId
      ? (await all()).find((s) => s.id === snapshotId)
      : (current.snapshots.find(usable) ?? (await all()).find(usable));
    if (!snapshot) {
      throw snapshotId
        ? new ValidationError(
            errorMessage('invalid.no_such_snapshot', { server: current.serverName, snapshot: snapshotId }),
            '/data/attributes/snapshotId',
          )
        : new ConflictError(errorMessage('no_snapshot', { server: current.serverName }));
    }
    if (!snapshot.good || snapshot.pending)
      throw new ValidationError(errorMessage('invalid.snapshot_unusable'), '/data/attributes/snapshotId');
    // Claim the server first: one running restore per server is a unique index, so of many
    // concurrent requests (any process) one wins and only that one asks the storage.
    const hostId = randomUUID();
    // The clone is a new VM in the storage's one flat namespace: its name carries the date, the
    // minute and a piece of the restore's id, so a second test restore the same day (or minute)
    // never collides with the first's clone.
    const at = this.now().toISOString();
    const targetName = `${current.serverName}-restore-test-${at.slice(0, 10)}-${at.slice(11, 13)}${at.slice(14, 16)}-${hostId.slice(0, 4)}`;
    try {
      await this.db
        .insertInto('protection_restores')
        .values({
          id: hostId,
          tenant_id: tenant,
          server_id: serverId,
          server_name: current.serverName,
          source: provider.source,
          provider_id: '',
          snapshot_id: snapshot.id,
          target_name: targetName,
          status: 'running',
          progress: null,
          message: null,
          requested_by: actor,
          started_at: this.now().toISOString(),
          finished_at: null,
        })
        .execute();
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError(errorMessage('restore_running', { server: current.serverName }));
      throw err;
    }
    let run: RestoreRun;
    try {
      run = await provider.startRestore(tenant, { id: serverId, name: current.serverName }, { snapshotId: snapshot.id, targetName });
    } catch (err) {
      // The storage refused or did not answer: the claim ends, and the server may be tried again.
      // Without an answer the storage may have started it all the same: the reader learns the copy's name.
      const unanswered = err instanceof ProviderError && err.errorMessage?.key === 'provider_unreachable.timeout';
      await this.db
        .updateTable('protection_restores')
        .set({
          status: 'failed',
          ...hostWords(
            unanswered ? errorMessage('restore_failed.no_answer', { target: targetName }) : errorMessage('restore_failed.not_started'),
          ),
          finished_at: this.now().toISOString(),
        })
        .where('id', '=', hostId)
        .execute();
      throw err;
    }
    await this.db
      .updateTable('protection_restores')
      .set({
        provider_id: run.id,
        target_name: run.targetName,
        status: run.status,
        progress: run.progress,
        message: run.message,
        started_at: run.startedAt,
        finished_at: run.finishedAt,
      })
      .where('id', '=', hostId)
      .execute();
    const record = (await this.restore(tenant, hostId))!;
    await this.bus.publish(tenant, PROTECTION_TOPIC, { serverId, restore: record });
    if (record.status === 'running') this.#watch(tenant, hostId);
    return record;
  }

  async restore(tenant: string, hostId: string): Promise<RestoreRecord | undefined> {
    const row = await this.db
      .selectFrom('protection_restores')
      .selectAll()
      .where('tenant_id', '=', tenant)
      .where('id', '=', hostId)
      .executeTakeFirst();
    return row && toRecord(row);
  }

  /** Re-reads a running restore from the provider once; records and streams a change. */
  async refreshRestore(tenant: string, hostId: string): Promise<RestoreRecord | undefined> {
    const record = await this.restore(tenant, hostId);
    if (!record || record.status !== 'running' || !this.provider) return record;
    if (!record.id) {
      // Claimed, but the storage never confirmed it (the process died in between): after a
      // grace period the claim ends, so the server can be restored again.
      if (this.now().getTime() - Date.parse(record.startedAt) < CLAIM_GRACE_MS) return record;
      await this.db
        .updateTable('protection_restores')
        .set({ status: 'failed', ...hostWords(errorMessage('restore_failed.claim_lapsed')), finished_at: this.now().toISOString() })
        .where('id', '=', hostId)
        .where('status', '=', 'running')
        .execute();
      return this.restore(tenant, hostId);
    }
    let run: RestoreRun | undefined;
    try {
      run = await this.provider.getRestore(tenant, { id: record.serverId, name: record.serverName }, record.id);
    } catch (err) {
      // A provider hiccup is not the restore's failure; try again on the next round.
      if (err instanceof ProviderError) return record;
      throw err;
    }
    const timedOut = this.now().getTime() - Date.parse(record.startedAt) > this.#opts.restoreTimeoutMs;
    const next: Pick<RestoreRun, 'status' | 'progress' | 'finishedAt'> & { message: string | null; host_message: string | null } = !run
      ? {
          status: 'failed',
          progress: null,
          ...hostWords(errorMessage('restore_failed.unknown')),
          finishedAt: this.now().toISOString(),
        }
      : run.status === 'running' && timedOut
        ? {
            status: 'failed',
            progress: run.progress,
            ...hostWords(errorMessage('restore_failed.timed_out', { minutes: Math.round(this.#opts.restoreTimeoutMs / 60_000) })),
            finishedAt: this.now().toISOString(),
          }
        : {
            status: run.status,
            progress: run.progress,
            message: run.message,
            host_message: null,
            finishedAt: run.finishedAt ?? (run.status === 'running' ? null : this.now().toISOString()),
          };
    if (next.status === record.status && next.progress === record.progress) return record;
    // The status in the WHERE makes two processes polling the same run record its end once.
    const done = await this.db
      .updateTable('protection_restores')
      .set({
        status: next.status,
        progress: next.progress,
        message: next.message,
        host_message: next.host_message,
        finished_at: next.finishedAt,
      })
      .where('id', '=', hostId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    const updated = (await this.restore(tenant, hostId))!;
    if (Number(done.numUpdatedRows) === 1) {
      // One event for every reader of the tenant: the reason as stored, not in the language of whoever's request this runs in.
      await this.bus.publish(tenant, PROTECTION_TOPIC, { serverId: updated.serverId, restore: { ...updated, message: next.message } });
      if (updated.status !== 'running') {
        await this.events?.record(tenant, [
          {
            type: 'backup',
            sourceKey: `restore:${hostId}`,
            at: updated.finishedAt ?? this.now().toISOString(),
            title:
              updated.status === 'succeeded'
                ? `Test restore of ${updated.serverName} succeeded`
                : `Test restore of ${updated.serverName} failed`,
            severity: updated.status === 'succeeded' ? 'info' : 'critical',
            link: { kind: 'protection', id: updated.serverId },
            // The calendar keeps the English, as the audit does; readers of the restore get their language.
            detail: { restore: hostId, target: updated.targetName, message: next.message },
          },
        ]);
      }
    }
    return updated;
  }

  /** Polls a restore in this process until it settles; the scheduled check picks up runs whose process died. */
  #watch(tenant: string, hostId: string): void {
    if (this.#watching.has(hostId)) return;
    this.#watching.add(hostId);
    const tick = async () => {
      const record = await this.refreshRestore(tenant, hostId).catch(() => undefined);
      if (record && record.status === 'running' && this.#watching.has(hostId))
        timer = setTimeout(() => void tick(), this.#opts.watchIntervalMs);
      else this.#watching.delete(hostId);
    };
    let timer = setTimeout(() => void tick(), this.#opts.watchIntervalMs);
    timer.unref?.();
  }

  /** Stops watching restores (the host is closing). */
  close(): void {
    this.#watching.clear();
  }

  /**
   * One round over every tenant (a background job, once per cluster): measures each
   * server, streams and records the ones that fell outside their recovery point, and
   * finishes restores whose watching process died.
   */
  async checkAll(): Promise<void> {
    const tenants = await this.db.selectFrom('tenants').select('id').execute();
    for (const { id } of tenants) await this.check(id).catch(() => undefined);
    const running = await this.db.selectFrom('protection_restores').select(['id', 'tenant_id']).where('status', '=', 'running').execute();
    for (const r of running) await this.refreshRestore(r.tenant_id, r.id).catch(() => undefined);
  }

  /** Measures one tenant's servers and records what changed; returns the servers now outside. */
  async check(tenant: string): Promise<ServerProtection[]> {
    if (!this.provider) return [];
    const { items } = await this.overview(tenant);
    const outside: ServerProtection[] = [];
    for (const item of items) {
      if (item.error) continue; // no answer is not a measurement
      if ((await this.#record(tenant, item)).fellOutside) outside.push(item);
    }
    return outside;
  }

  /** Stores the status; a change is streamed, and a move to `outside` or `never` becomes account events. */
  async #record(tenant: string, item: ServerProtection): Promise<{ changed: boolean; fellOutside: boolean }> {
    const at = this.now().toISOString();
    const status = item.recovery.status;
    const previous = await this.db
      .selectFrom('protection_status')
      .select(['status', 'since'])
      .where('tenant_id', '=', tenant)
      .where('server_id', '=', item.serverId)
      .executeTakeFirst();
    if (previous?.status === status) {
      await this.db
        .updateTable('protection_status')
        .set({ checked_at: at })
        .where('tenant_id', '=', tenant)
        .where('server_id', '=', item.serverId)
        .execute();
      return { changed: false, fellOutside: false };
    }
    const values = { status, since: at, checked_at: at };
    await this.db
      .insertInto('protection_status')
      .values({ tenant_id: tenant, server_id: item.serverId, ...values })
      .onConflict((oc) => oc.columns(['tenant_id', 'server_id']).doUpdateSet(values))
      .execute();
    await this.bus.publish(tenant, PROTECTION_TOPIC, { serverId: item.serverId, status });
    const bad = status === 'outside' || status === 'never';
    if (bad && item.tier) {
      const age = item.recovery.snapshotAgeMinutes;
      const why = age == null ? 'it has no good snapshot' : `its last good snapshot is ${formatAge(age)} old`;
      const title = `${item.serverName} is outside its recovery point: ${why}, the ${item.tier.name} tier promises ${formatAge(item.tier.rpoMinutes)}`;
      const detail = { status, reasons: item.recovery.reasons, tier: item.tier.id };
      await this.events?.record(tenant, [
        {
          type: 'backup',
          sourceKey: `rpo:${item.serverId}:${at}`,
          at,
          title,
          severity: 'critical',
          link: { kind: 'protection', id: item.serverId },
          detail,
        },
        {
          type: 'alert',
          sourceKey: `rpo:${item.serverId}:${at}`,
          at,
          title,
          severity: 'critical',
          link: { kind: 'protection', id: item.serverId },
          detail,
        },
      ]);
    }
    return { changed: true, fellOutside: bad };
  }

  /** After a snapshot, the server's status is measured again at once so the widget turns green without waiting for the job. */
  async #settle(tenant: string, serverId: string, actor: string): Promise<ServerProtection> {
    const protection = await this.server(tenant, serverId);
    const { changed } = protection.error ? { changed: false } : await this.#record(tenant, protection);
    // A new snapshot that left the status as it was still changes what widgets show.
    if (!changed) await this.bus.publish(tenant, PROTECTION_TOPIC, { serverId, by: actor });
    return protection;
  }

  #provider(): ProtectionProvider {
    if (!this.provider) throw new UnavailableError(errorMessage('no_protection_provider'));
    return this.provider;
  }

  async #latestRestores(tenant: string, serverId?: string): Promise<Map<string, RestoreRecord>> {
    let q = this.db.selectFrom('protection_restores').selectAll().where('tenant_id', '=', tenant).orderBy('started_at', 'desc').limit(500);
    if (serverId) q = q.where('server_id', '=', serverId);
    const latest = new Map<string, RestoreRecord>();
    for (const row of await q.execute()) if (!latest.has(row.server_id)) latest.set(row.server_id, toRecord(row));
    return latest;
  }

  /** When each server's last test restore succeeded: one grouped query for all of them. */
  async #lastSuccessfulRestores(tenant: string, serverId?: string): Promise<Map<string, string>> {
    let q = this.db
      .selectFrom('protection_restores')
      .select((eb) => ['server_id', eb.fn.max('finished_at').as('at')])
      .where('tenant_id', '=', tenant)
      .where('status', '=', 'succeeded')
      .groupBy('server_id');
    if (serverId) q = q.where('server_id', '=', serverId);
    return new Map((await q.execute()).filter((r) => r.at).map((r) => [r.server_id, r.at as string]));
  }
}

/** How long a restore may stay claimed without the storage's id before the claim is given up. */
const CLAIM_GRACE_MS = 5 * 60_000;

/**
 * The host's own reason a restore failed, as stored: English in `message` (the audit and
 * calendar keep that) and the catalogue message in `host_message`, read in each reader's language.
 */
function hostWords(message: ErrorMessage): { message: string; host_message: string } {
  const en = errorText(message, 'en');
  return { message: en.detail ?? en.title, host_message: writeJson(message) };
}

function toRecord(row: {
  id: string;
  provider_id: string;
  server_id: string;
  server_name: string;
  snapshot_id: string;
  target_name: string;
  status: string;
  progress: number | null;
  message: string | null;
  host_message: string | null;
  requested_by: string;
  started_at: string;
  finished_at: string | null;
}): RestoreRecord {
  return {
    hostId: row.id,
    id: row.provider_id,
    serverId: row.server_id,
    serverName: row.server_name,
    snapshotId: row.snapshot_id,
    targetName: row.target_name,
    status: row.status === 'succeeded' || row.status === 'failed' ? row.status : 'running',
    progress: row.progress,
    message: storedCatalogueWords(row.host_message) ?? row.message,
    requestedBy: row.requested_by,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/** `90` → "1 h 30 min", `2880` → "2 days". */
export function formatAge(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  return `${Math.round(minutes / 1440)} days`;
}
