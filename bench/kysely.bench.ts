import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alternate, report, type Ratio } from './harness.js';
import { openDatabase, migrateToLatest } from '../host/db/database.js';
import { dateIn } from '../host/dates.js';
import { UsageStore } from '../host/features/usage/usage-store.js';
import type { SampleColumns } from '../host/features/usage/stats.js';
import type { Invoice, InvoiceLine } from '../host/ports/billing-provider.js';
import type { StreamEvent } from '../host/ports/event-bus.js';
import { StreamLog } from '../host/stream/stream-log.js';
import localPlugin, { LocalBillingProvider, localDb } from '../plugins/local/index.js';

/**
 * The host's own data access on its three hottest reads ÷ the same reads written by hand on
 * better-sqlite3 prepared statements. Both sides read one migrated SQLite file (the host
 * through its kysely instance: queries kysely compiled, run by `prepared()`, which on SQLite
 * skips kysely's executor outside transactions; the hand side through its own connection),
 * so schema and rows are the same; each returns the same objects (`host/test/bench-parity.test.ts` checks):
 *
 * - usage range read (`UsageStore.range`, the usage endpoint's query): 100 raw samples of one
 *   server's metric in a two-hour range, as one row of JSON arrays (values in thousandths),
 *   parsed, turned into units and checked for time order.
 * - invoice list (`LocalBillingProvider.listInvoices`): the due-subscriptions check (none
 *   due), the tenant's 50 invoices newest first, all their lines in one statement, grouped
 *   into `Invoice` objects with today's overdue status.
 * - stream replay (`StreamLog.replay`, what `Last-Event-ID` resumes from on PostgreSQL): the
 *   log's oldest id, then the tenant's 100 events after the given id (of 2,000 for two
 *   tenants), data parsed.
 *
 * Ratios are throughput (hand time ÷ host time), so higher is better.
 */

/** The instant the bench's clock stands at. */
const NOW = new Date('2026-12-04T12:00:00Z');
const nowSeconds = NOW.getTime() / 1000;

/** One hot path: the host's read and the hand-written one, returning equal values. */
export interface HotPath {
  name: string;
  /** Calls per timed round. */
  calls: number;
  host: () => Promise<unknown>;
  hand: () => unknown;
}

/** The shared database with both sides' reads; `close` removes it. */
export async function hotPaths(): Promise<{ paths: HotPath[]; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'glasspane-bench-'));
  const file = join(dir, 'bench.db');
  const handle = await openDatabase({ url: file });
  const { db } = handle;
  await migrateToLatest(db, { plugins: [localPlugin] });
  for (const id of ['acme', 'globex']) {
    await db
      .insertInto('tenants')
      .values({ id, name: id, origins: '[]', created_at: NOW.toISOString() } as never)
      .execute();
  }

  // Usage: 100 raw minutes of acme's cpu, beside another server's and another metric's.
  const usage = new UsageStore(db);
  const samples = (serverId: string, metric: 'cpu' | 'memory') =>
    Array.from({ length: 100 }, (_, i) => ({
      tenant: 'acme',
      serverId,
      metric,
      at: nowSeconds - (100 - i) * 60,
      value: 40 + (i % 10) + i / 7,
    }));
  await usage.record([...samples('memcloud:s1', 'cpu'), ...samples('memcloud:s1', 'memory'), ...samples('memcloud:s2', 'cpu')]);

  // Invoices: a subscription that began 49 months ago bills 50 monthly invoices (globex 12).
  const billing = new LocalBillingProvider(localDb(db), () => NOW);
  const begun = (months: number) => {
    const d = new Date(NOW);
    d.setUTCMonth(d.getUTCMonth() - months, 1);
    return d.toISOString().slice(0, 10);
  };
  for (const [tenant, months] of [
    ['acme', 49],
    ['globex', 11],
  ] as const) {
    await localDb(db)
      .insertInto('subscriptions')
      .values({
        id: `sub-${tenant}`,
        tenant_id: tenant,
        description: 'Managed server',
        quantity: 2,
        unit_amount: 12_900,
        currency: 'EUR',
        interval_months: 1,
        tax_rate_bp: 1900,
        next_invoice_on: begun(months),
        anchor_day: 1,
        active: 1,
      })
      .execute();
    await billing.generateDue(tenant);
  }
  // Some paid, so statuses differ: open, overdue, paid.
  await localDb(db)
    .updateTable('local_invoices')
    .set({ status: 'paid', amount_paid: 30_702 })
    .where('tenant_id', '=', 'acme')
    .where('issued_on', '<', begun(12))
    .execute();

  // Stream: 2,000 events of two tenants, taking turns; acme resumes 200 events before the end.
  const topics = ['usage', 'servers', 'maintenances', 'billing'];
  for (let i = 0; i < 2000; i += 500) {
    await db
      .insertInto('stream_events')
      .values(
        Array.from({ length: 500 }, (_, j) => {
          const id = i + j + 1;
          const data = JSON.stringify({ serverId: 'memcloud:s1', metric: 'cpu', at: nowSeconds + id, value: id / 8 });
          return { id, tenant_id: id % 2 ? 'acme' : 'globex', topic: topics[id % 4]!, data, created_at: NOW.toISOString() };
        }),
      )
      .execute();
  }
  const log = new StreamLog(db);

  // The hand-written side: its own connection to the same file, statements prepared once.
  const raw = new Database(file, { readonly: true });
  const range = raw.prepare<[string, string, string, number, number, number], { at: string; sum: string }>(
    'select json_group_array(at) as at, json_group_array(cast(round(sum * 1000) as bigint)) as sum from usage_samples ' +
      'where tenant_id = ? and server_id = ? and metric = ? and tier = ? and at >= ? and at <= ?',
  );
  const due = raw.prepare<[string, string]>(
    'select * from subscriptions where tenant_id = ? and active = 1 and next_invoice_on <= ? order by next_invoice_on',
  );
  type InvoiceRow = Record<'id' | 'number' | 'issued_on' | 'due_on' | 'currency', string> &
    Record<'subtotal' | 'tax' | 'total' | 'amount_paid', number> & { status: Invoice['status']; memo: string | null };
  const invoices = raw.prepare<[string], InvoiceRow>(
    'select id, number, issued_on, due_on, status, currency, subtotal, tax, total, amount_paid, memo from local_invoices ' +
      'where tenant_id = ? order by issued_on desc, number desc',
  );
  type LineRow = Record<'invoice_id' | 'description', string> &
    Record<'quantity' | 'unit_amount' | 'amount' | 'tax_amount', number> &
    Record<'period_start' | 'period_end', string | null> & { tax_rate_bp: number | null };
  const lines = raw.prepare<[string], LineRow>(
    'select invoice_id, description, quantity, unit_amount, amount, tax_amount, period_start, period_end, tax_rate_bp ' +
      'from local_invoice_lines where invoice_id in (select id from local_invoices where tenant_id = ?) order by invoice_id, position',
  );
  const oldest = raw.prepare<[], { id: number | null }>('select min(id) as id from stream_events');
  const after = raw.prepare<[string, number], { id: number; topic: string; data: string }>(
    'select id, topic, data from stream_events where tenant_id = ? and id > ? order by id limit 5000',
  );

  const start = nowSeconds - 7200;
  const paths: HotPath[] = [
    {
      name: 'usage range read (100 raw samples)',
      calls: 400,
      host: () => usage.range('acme', 'memcloud:s1', 'cpu', 0, start, nowSeconds),
      hand: (): SampleColumns => {
        const row = range.get('acme', 'memcloud:s1', 'cpu', 0, start, nowSeconds)!;
        const at: number[] = JSON.parse(row.at);
        const sum: number[] = JSON.parse(row.sum);
        for (let i = 0; i < sum.length; i++) sum[i]! /= 1000;
        for (let i = 1; i < at.length; i++) if (at[i - 1]! > at[i]!) throw new Error('out of time order');
        return { at, sum };
      },
    },
    {
      name: 'invoice list (50 invoices with their lines)',
      calls: 100,
      host: () => billing.listInvoices('acme'),
      hand: (): Invoice[] => {
        const today = dateIn(NOW, 'UTC');
        if (due.all('acme', today).length) throw new Error('the bench bills nothing while it measures');
        const rows = invoices.all('acme');
        const byInvoice = new Map<string, InvoiceLine[]>();
        for (const l of lines.all('acme')) {
          const line: InvoiceLine = {
            description: l.description,
            quantity: l.quantity,
            unitAmount: l.unit_amount,
            amount: l.amount,
            taxAmount: l.tax_amount,
          };
          if (l.period_start && l.period_end) {
            line.periodStart = l.period_start;
            line.periodEnd = l.period_end;
          }
          if (l.tax_rate_bp !== null) line.taxRate = l.tax_rate_bp / 100;
          const list = byInvoice.get(l.invoice_id);
          if (list) list.push(line);
          else byInvoice.set(l.invoice_id, [line]);
        }
        return rows.map((r) => {
          const amountDue = r.total - r.amount_paid;
          const status = r.status === 'open' && amountDue > 0 && r.due_on < today ? 'overdue' : r.status;
          return {
            id: r.id,
            number: r.number,
            issuedOn: r.issued_on,
            dueOn: r.due_on,
            status,
            currency: r.currency,
            subtotal: r.subtotal,
            tax: r.tax,
            total: r.total,
            amountPaid: r.amount_paid,
            amountDue,
            lines: byInvoice.get(r.id) ?? [],
            memo: r.memo,
          };
        });
      },
    },
    {
      name: 'stream replay (100 events after Last-Event-ID)',
      calls: 400,
      host: () => log.replay('acme', 1800, 2000),
      hand: (): { ok: true; events: StreamEvent[] } => {
        const min = oldest.get()!.id ?? 0;
        if (min > 0 && 1800 < min - 1) throw new Error('the log reaches back');
        const events = after
          .all('acme', 1800)
          .map((r): StreamEvent => ({ id: r.id, tenant: 'acme', topic: r.topic, data: JSON.parse(r.data) }));
        return { ok: true, events };
      },
    },
  ];
  return {
    paths,
    close: async () => {
      raw.close();
      await handle.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function run(): Promise<Ratio[]> {
  const { paths, close } = await hotPaths();
  try {
    const out: Ratio[] = [];
    for (const path of paths) {
      // Warm both sides (statement caches, JIT) before timing.
      for (let i = 0; i < path.calls; i++) {
        await path.host();
        path.hand();
      }
      const x = await alternate(
        25,
        async () => {
          for (let i = 0; i < path.calls; i++) await path.host();
        },
        () => {
          for (let i = 0; i < path.calls; i++) path.hand();
        },
      );
      // Throughput: the hand side's time ÷ the host's, the round ratio turned over.
      const ratio = 1 / x.ratio;
      const perCall = (ms: number) => `${((ms * 1000) / path.calls).toFixed(1)} µs`;
      const name = `host ÷ hand-written better-sqlite3: ${path.name}`;
      out.push({ name, ratio, target: '≥ 0.8', pass: ratio >= 0.8, detail: `${perCall(x.a)} vs ${perCall(x.b)} per read` });
    }
    return out;
  } finally {
    await close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) report('host data access', await run());
