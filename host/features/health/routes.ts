import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { sql } from 'kysely';
import type { HostEnv } from '../../context.js';
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

const checkSchema = z.object({ status: z.enum(['ok', 'failing']), reason: z.string().optional() });
const readiness = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    checks: z.object({ database: checkSchema, migrations: checkSchema }),
    plugins: z.record(
      z.string(),
      z.object({
        state: z.enum(['ok', 'failing', 'unknown']),
        at: z.string().optional(),
        lastError: z.object({ code: z.string(), at: z.string() }).optional(),
      }),
    ),
  })
  .openapi('Readiness');

const liveness = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['Operations'],
  summary: 'Liveness: the process answers (touches no dependency; no token)',
  responses: { 200: { description: 'Alive', content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } } } },
});

const ready = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['Operations'],
  summary: "Readiness: the database answers and every migration ran; each plugin's last provider call (no token)",
  description: "A provider's outage is reported under `plugins` but does not make the host unready.",
  responses: {
    200: { description: 'Ready', content: { 'application/json': { schema: readiness } } },
    503: { description: 'Not ready, with the reasons', content: { 'application/json': { schema: readiness } } },
  },
});

/**
 * `GET /healthz`: the process answers (no dependency is touched; a load balancer's
 * liveness probe). `GET /readyz`: the database answers and every migration has run; 503
 * with the reasons otherwise. It also reports each plugin's last provider call, but a
 * provider's outage does not make the host unready: it degrades only the widgets that
 * need that provider, and taking the host out of rotation would take the rest too.
 * Neither needs a token, and neither is rate limited (both live outside `/api/v1`).
 */
export function healthRoutes(app: OpenAPIHono<HostEnv>, deps: HealthDependencies): void {
  app.openapi(liveness, (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ status: 'ok' as const }, 200);
  });

  app.openapi(ready, async (c) => {
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
    const isReady = database.status === 'ok' && migrations.status === 'ok';
    c.header('Cache-Control', 'no-store');
    const body = { status: isReady ? ('ready' as const) : ('not_ready' as const), checks: { database, migrations }, plugins };
    return isReady ? c.json(body, 200) : c.json(body, 503);
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
