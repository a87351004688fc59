import Database from 'better-sqlite3';
import { alternate, report, type Ratio } from './harness.js';
import { openDatabase, migrateToLatest } from '../host/db/database.js';

/**
 * The host's kysely (with its statement cache) ÷ raw better-sqlite3 prepared statements on
 * the same schema and rows: get by key, a 100-row range, and a batched insert of 100 rows.
 * Ratios are throughput (raw time ÷ kysely time), so higher is better.
 */
export async function run(): Promise<Ratio[]> {
  const handle = await openDatabase({ url: ':memory:' });
  await migrateToLatest(handle.db);
  const { db } = handle;
  await db.insertInto('tenants').values({ id: 'acme', name: 'Acme', origins: '[]', created_at: new Date().toISOString() } as never).execute();
  // The raw side gets its own database with the same table, so neither warms the other's cache.
  const raw = new Database(':memory:');
  raw.exec(`create table usage_samples (tenant_id text not null, server_id text not null, metric text not null, tier integer not null, at integer not null, sum real, count integer, min real, max real, primary key (tenant_id, server_id, metric, tier, at))`);
  const rows = Array.from({ length: 5000 }, (_, i) => ({ tenant_id: 'acme', server_id: 's1', metric: 'cpu', tier: 0, at: i, sum: i % 100, count: 1, min: i % 100, max: i % 100 }));
  const insertRaw = raw.prepare('insert into usage_samples values (@tenant_id, @server_id, @metric, @tier, @at, @sum, @count, @min, @max)');
  raw.transaction(() => rows.forEach((r) => insertRaw.run(r)))();
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('usage_samples').values(rows.slice(i, i + 500)).execute();

  const getRaw = raw.prepare('select * from usage_samples where tenant_id = ? and server_id = ? and metric = ? and tier = ? and at = ?');
  const rangeRaw = raw.prepare('select at, sum from usage_samples where tenant_id = ? and server_id = ? and metric = ? and tier = ? and at >= ? and at < ? order by at');
  const N = 2000;
  let k = 0;
  const get = await alternate(
    9,
    async () => {
      for (let i = 0; i < N; i++) await db.selectFrom('usage_samples').selectAll().where('tenant_id', '=', 'acme').where('server_id', '=', 's1').where('metric', '=', 'cpu').where('tier', '=', 0).where('at', '=', i).executeTakeFirst();
    },
    () => {
      for (let i = 0; i < N; i++) getRaw.get('acme', 's1', 'cpu', 0, i);
    },
  );
  const range = await alternate(
    9,
    async () => {
      for (let i = 0; i < N / 10; i++) await db.selectFrom('usage_samples').select(['at', 'sum']).where('tenant_id', '=', 'acme').where('server_id', '=', 's1').where('metric', '=', 'cpu').where('tier', '=', 0).where('at', '>=', i * 10).where('at', '<', i * 10 + 100).orderBy('at').execute();
    },
    () => {
      for (let i = 0; i < N / 10; i++) rangeRaw.all('acme', 's1', 'cpu', 0, i * 10, i * 10 + 100);
    },
  );
  const batch = (n: number) => Array.from({ length: 100 }, (_, i) => ({ tenant_id: 'acme', server_id: `b${n}`, metric: 'cpu', tier: 0, at: i, sum: 1, count: 1, min: 1, max: 1 }));
  const insert = await alternate(
    9,
    async () => {
      for (let j = 0; j < 20; j++) await db.transaction().execute((trx) => trx.insertInto('usage_samples').values(batch(k++)).execute());
    },
    () => {
      for (let j = 0; j < 20; j++) raw.transaction((b: ReturnType<typeof batch>) => b.forEach((r) => insertRaw.run(r)))(batch(k++));
    },
  );
  await handle.destroy();
  raw.close();
  // Throughput: raw's time ÷ kysely's, the round ratio turned over.
  const ratio = (x: { ratio: number }) => 1 / x.ratio;
  const out: [string, { a: number; b: number; ratio: number }, number][] = [
    ['kysely ÷ raw better-sqlite3: get by key (throughput)', get, 0.6],
    ['kysely ÷ raw better-sqlite3: 100-row range (throughput)', range, 0.9],
    ['kysely ÷ raw better-sqlite3: batched insert of 100 (throughput)', insert, 0.8],
  ];
  return out.map(([name, x, target]) => ({ name, ratio: ratio(x), target: `≥ ${target}`, pass: ratio(x) >= target, detail: `${x.a.toFixed(1)} ms vs ${x.b.toFixed(1)} ms` }));
}

if (import.meta.url === `file://${process.argv[1]}`) report('kysely', await run());
