import type { EventSource, ProviderEvent } from '@glasspane/host';
import type { OpenStackClient } from './client.js';
import type { OpenStackComputeProvider } from './index.js';

interface CinderBackup {
  id: string;
  name: string | null;
  volume_id: string;
  status: string;
  /** Cinder answers without a zone ("2026-11-10T02:00:00.000000"); it is UTC. */
  created_at: string;
  fail_reason?: string | null;
}

const utc = (t: string) => new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(t) ? t : `${t}Z`);

/**
 * Volume backups (Cinder v3 `GET /v3/{project_id}/backups/detail`, newest first, paged with
 * `limit`/`marker` through `backups_links`) as account events, each attributed to the
 * server whose volume it copied (Nova's `os-extended-volumes:volumes_attached`). Runs still
 * in progress are left out until they finish; a backup in `error` is a failed run.
 */
export class OpenStackBackupEvents implements EventSource {
  readonly source = 'openstack';

  constructor(
    private readonly client: OpenStackClient,
    private readonly compute: OpenStackComputeProvider,
  ) {}

  async listEvents(scope: string, range: { since: Date; until: Date }, signal?: AbortSignal): Promise<ProviderEvent[]> {
    const servers = await this.compute.novaServers(scope, signal);
    const byVolume = new Map(servers.flatMap((s) => (s['os-extended-volumes:volumes_attached'] ?? []).map((v) => [v.id, s] as const)));
    const events: ProviderEvent[] = [];
    let next: string | undefined = '/backups/detail?limit=100&sort=created_at:desc';
    for (let page = 0; next && page < 100; page++) {
      const res: { data: { backups: CinderBackup[]; backups_links?: { rel: string; href: string }[] } } = await this.client.request(
        scope,
        'block-storage',
        'GET',
        next,
        undefined,
        signal,
      );
      let older = false;
      for (const b of res.data.backups) {
        const at = utc(b.created_at);
        if (at < range.since) {
          older = true;
          continue;
        }
        if (at > range.until || (b.status !== 'available' && b.status !== 'error')) continue;
        const server = byVolume.get(b.volume_id);
        const name = server?.name ?? `volume ${b.volume_id.slice(0, 8)}`;
        const failed = b.status === 'error';
        events.push({
          id: b.id,
          type: 'backup',
          at: at.toISOString(),
          title: failed ? `Backup of ${name} failed${b.fail_reason ? `: ${b.fail_reason}` : ''}` : `Backup of ${name}`,
          severity: failed ? 'critical' : 'info',
          serviceId: server ? `openstack:${server.id}` : null,
          serviceName: server?.name ?? null,
        });
      }
      // Newest first: once a page reaches past `since`, the rest is older still.
      next = older ? undefined : res.data.backups_links?.find((l) => l.rel === 'next')?.href;
    }
    return events;
  }
}
