import type { Hono } from 'hono';
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import { createMigrator } from '../../db/database.js';
import { providerCallStatus, type ProviderCallStatus } from '../../provider-status.js';

export interface HealthDependencies {
  db: Db;
  /** The PostgreSQL schema the host's tables live in, if any. */
  schema?: string;
  /** Ids of the plugins this host registered. */
  plugins: readonly string[];
}

type Check = { status: 'ok' } | { status: 'failing'; reason: string };

/**
 * `GET /healthz`: the process answers (no dependency is touched; a load balancer's
 * liveness probe). `GET /readyz`: the database answers and every migration has run; 503
 * with the reasons otherwise. It also reports each plugin's last provider call, but a
 * provider's outage does not make the host unready: it degrades only the widgets that
 * need that provider, and taking the host out of rotation would take the rest too.
 * Neither needs a token, and neither is rate limited (both live outside `/api/v1`).
 */
export function healthRoutes(app: Hono<any>, deps: HealthDependencies): void {
  app.get('/healthz', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'ok' });
  });

  app.get('/readyz', async (c) => {
    const database = await check(() => sql`select 1`.execute(deps.db).then(() => undefined));
    const migrations =
      database.status === 'ok'
        ? await check(async () => {
            const pending = (await createMigrator(deps.db, deps.schema).getMigrations()).filter((m) => !m.executedAt);
            if (pending.length) throw new Error(`not applied: ${pending.map((m) => m.name).join(', ')}`);
          })
        : ({ status: 'failing', reason: 'the database does not answer' } as const);
    const plugins: Record<string, ProviderCallStatus | { state: 'unknown' }> = {};
    for (const id of deps.plugins) plugins[id] = providerCallStatus(id) ?? { state: 'unknown' };
    const ready = database.status === 'ok' && migrations.status === 'ok';
    c.header('Cache-Control', 'no-store');
    return c.json({ status: ready ? 'ready' : 'not_ready', checks: { database, migrations }, plugins }, ready ? 200 : 503);
  });
}

async function check(run: () => Promise<void>): Promise<Check> {
  try {
    await run();
    return { status: 'ok' };
  } catch (err) {
    return { status: 'failing', reason: err instanceof Error ? err.message : String(err) };
  }
}
