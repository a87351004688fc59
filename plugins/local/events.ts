import type { EventSource, ProviderEvent } from '@glasspane/host';
import type { LocalDb } from './tables.js';

/**
 * Backup runs the provider's own backup system reported to the host
 * (`PUT /api/v1/tenants/{tenantId}/backup-runs/{runId}`), as account events.
 */
export class LocalEventSource implements EventSource {
  readonly source = 'local';

  constructor(private readonly db: LocalDb) {}

  async listEvents(tenant: string, range: { since: Date; until: Date }): Promise<ProviderEvent[]> {
    const rows = await this.db
      .selectFrom('local_backup_runs')
      .selectAll()
      .where('tenant_id', '=', tenant)
      .where('started_at', '>=', range.since.toISOString())
      .where('started_at', '<', range.until.toISOString())
      .orderBy('started_at')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      type: 'backup' as const,
      at: r.started_at,
      title: r.status === 'ok' ? `Backup of ${r.service_name}` : `Backup of ${r.service_name} failed`,
      severity: r.status === 'ok' ? ('info' as const) : ('critical' as const),
      serviceId: r.service_id,
      serviceName: r.service_name,
    }));
  }
}
