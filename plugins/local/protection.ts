import { randomUUID } from 'node:crypto';
import { ProviderError, readJson } from '@glasspane/host';
import type { ProtectedServerRef, ProtectionProvider, ProtectionSnapshot, ReplicationStatus, RestoreRun } from '@glasspane/host';
import type { LocalDb } from './tables.js';

type SnapshotRow = {
  id: string;
  name: string;
  taken_at: string;
  expires_at: string | null;
  consistency: string;
  origin: string;
  state: string;
  replicated_at: string | null;
};

const toSnapshot = (r: SnapshotRow): ProtectionSnapshot => ({
  id: r.id,
  name: r.name,
  takenAt: r.taken_at,
  expiresAt: r.expires_at,
  consistency: r.consistency === 'vm' ? 'vm' : 'crash',
  origin: r.origin === 'manual' ? 'manual' : 'scheduled',
  good: r.state === 'ok',
  ...(r.state === 'pending' ? { pending: true } : {}),
});

/**
 * Protection for an installation without a storage API: the provider's own snapshot and
 * replication tooling reports what it did (`PUT /api/v1/tenants/{tenantId}/snapshots/{id}`,
 * `PUT …/restores/{id}`), and requests from the portal ("snapshot now", "test restore")
 * are recorded as pending for that tooling to pick up (`GET …/protection-requests`).
 * Nothing here pretends a copy exists before the tooling says so. `scope` is the tenant id.
 */
export class LocalProtectionProvider implements ProtectionProvider {
  readonly source = 'local';

  constructor(
    private readonly db: LocalDb,
    private readonly now: () => Date,
  ) {}

  async listSnapshots(tenant: string, server: ProtectedServerRef): Promise<ProtectionSnapshot[]> {
    const rows = await this.db
      .selectFrom('local_snapshots')
      .select(['id', 'name', 'taken_at', 'expires_at', 'consistency', 'origin', 'state', 'replicated_at'])
      .where('tenant_id', '=', tenant)
      .where('server_id', '=', server.id)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', this.now().toISOString())]))
      .orderBy('taken_at', 'desc')
      .limit(200)
      .execute();
    return rows.map(toSnapshot);
  }

  async takeSnapshot(
    tenant: string,
    server: ProtectedServerRef,
    input: { name: string; retentionMinutes: number; consistency?: 'crash' | 'vm' },
  ): Promise<ProtectionSnapshot> {
    const at = this.now();
    const row = {
      id: randomUUID(),
      tenant_id: tenant,
      server_id: server.id,
      name: input.name,
      taken_at: at.toISOString(),
      expires_at: new Date(at.getTime() + input.retentionMinutes * 60_000).toISOString(),
      consistency: input.consistency ?? 'crash',
      origin: 'manual',
      state: 'pending',
      replicated_at: null,
    };
    await this.db.insertInto('local_snapshots').values(row).execute();
    return toSnapshot(row);
  }

  /** Replication as the tooling reported it: the newest snapshot that arrived at the second site. */
  async replication(tenant: string, server: ProtectedServerRef): Promise<ReplicationStatus> {
    const row = await this.db
      .selectFrom('local_snapshots')
      .select('replicated_at')
      .where('tenant_id', '=', tenant)
      .where('server_id', '=', server.id)
      .where('replicated_at', 'is not', null)
      .orderBy('replicated_at', 'desc')
      .executeTakeFirst();
    return row?.replicated_at
      ? { state: 'ok', target: null, lastReplicaAt: row.replicated_at, message: null }
      : { state: 'off', target: null, lastReplicaAt: null, message: null };
  }

  async startRestore(tenant: string, server: ProtectedServerRef, input: { snapshotId: string; targetName: string }): Promise<RestoreRun> {
    if (input.targetName.trim() === server.name) {
      throw new ProviderError(
        'local',
        `A test restore creates a new server beside "${server.name}"; choose a name other than the server's own.`,
        { status: 422, code: 'invalid' },
      );
    }
    // Only a snapshot of this tenant's server is restored for it, whoever asks.
    const snapshot = await this.db
      .selectFrom('local_snapshots')
      .select('id')
      .where('tenant_id', '=', tenant)
      .where('server_id', '=', server.id)
      .where('id', '=', input.snapshotId)
      .executeTakeFirst();
    if (!snapshot)
      throw new ProviderError('local', `There is no snapshot "${input.snapshotId}" of "${server.name}".`, {
        status: 404,
        code: 'not_found',
      });
    // The host records the run (protection_restores); its id is the request the tooling answers.
    return {
      id: `local-${randomUUID()}`,
      serverId: server.id,
      snapshotId: input.snapshotId,
      targetName: input.targetName,
      status: 'running',
      progress: null,
      startedAt: this.now().toISOString(),
      finishedAt: null,
      message: null,
    };
  }

  async getRestore(tenant: string, server: ProtectedServerRef, restoreId: string): Promise<RestoreRun | undefined> {
    const row = await this.db
      .selectFrom('protection_restores')
      .selectAll()
      .where('tenant_id', '=', tenant)
      .where('provider_id', '=', restoreId)
      .executeTakeFirst();
    if (!row) return undefined;
    // Until the tooling reports, the request is running.
    const reported = readJson<{ status?: string; progress?: number | null; message?: string | null; at?: string }>(row.reported, {});
    const status = reported.status === 'succeeded' || reported.status === 'failed' ? reported.status : 'running';
    return {
      id: row.provider_id,
      serverId: row.server_id,
      snapshotId: row.snapshot_id,
      targetName: row.target_name,
      status,
      progress: reported.progress ?? null,
      startedAt: row.started_at,
      finishedAt: status === 'running' ? null : (reported.at ?? null),
      message: reported.message ?? null,
    };
  }
}
