/**
 * A host process SIGKILLed mid-payment, after the gateway charged and before the payment
 * row was updated. After a restart on the same database, reconciliation finds the charge
 * by the key and metadata stored before the call: the gateway's ledger holds exactly one
 * charge and the invoice ends paid exactly once. SQLite (WAL) and PostgreSQL.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN_KEY, TEST_DATABASE_URL, waitFor, dropSchema } from '../../test/helpers.js';
import { spawnUntilReady } from '../../test/fixtures/spawn.js';

const start = (database: string, schema: string, ledger: string, mode: 'hang' | 'run') =>
  spawnUntilReady(['--import', 'tsx', 'host/features/billing/fixtures/pay-host.ts', database, schema, ledger, mode]);
const ledgerCharges = (file: string): { amount: number; idempotencyKey: string }[] =>
  existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).charges : [];

/** The crash test's waits: a child process is slow to start under load, so a longer deadline. */
const until = <T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 30_000) => waitFor(what, probe, ms);

async function killMidPayment(database: string, schema = '') {
  const dir = mkdtempSync(join(tmpdir(), 'gp-pay-crash-'));
  const ledger = join(dir, 'ledger.json');
  let { child, base } = await start(database, schema, ledger, 'hang');
  const call = (method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/vnd.api+json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  try {
    assert.equal(
      (
        await call('PUT', '/api/v1/tenants/acme', ADMIN_KEY, {
          data: { type: 'tenants', attributes: { name: 'Acme', billingAccount: { source: 'local', account: 'acme' } } },
        })
      ).status,
      201,
    );
    await call('PUT', '/api/v1/tenants/acme/subscriptions/srv', ADMIN_KEY, {
      data: {
        type: 'subscriptions',
        attributes: {
          description: 'Server',
          quantity: 1,
          unitAmount: 45_000,
          currency: 'EUR',
          intervalMonths: 1,
          taxRateBp: 0,
          nextInvoiceOn: '2026-01-01',
        },
      },
    });
    const minted = await call('POST', '/api/v1/embed-sessions', ADMIN_KEY, {
      data: { type: 'embed-sessions', attributes: { tenant: 'acme', user: 'payer', roles: ['billing'], ttlSeconds: 3600 } },
    });
    const token = ((await minted.json()) as any).data.attributes.token as string;
    const setup = ((await (await call('POST', '/api/v1/payment-setups', token)).json()) as any).data;
    await fetch(`${base}/payments/test/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientSecret: setup.attributes.clientSecret, number: '4242424242424242' }),
    });
    assert.equal(
      (await call('POST', '/api/v1/payment-methods', token, { data: { type: 'payment-methods', attributes: { gatewayToken: setup.id } } }))
        .status,
      201,
    );
    const invoice = ((await (await call('GET', '/api/v1/invoices', token)).json()) as any).data[0];
    const total = invoice.attributes.total as number;

    const paying = call(
      'POST',
      '/api/v1/payments',
      token,
      { data: { type: 'payments', attributes: { invoiceIds: [invoice.id] } } },
      { 'idempotency-key': 'crash-payment-0001' },
    ).catch(() => 'connection lost');
    await until('the gateway to charge', () => (ledgerCharges(ledger).length ? true : undefined));
    child.kill('SIGKILL');
    assert.equal(await paying, 'connection lost', 'the request never got an answer');
    await new Promise((r) => (child.exitCode !== null || child.signalCode ? r(undefined) : child.once('exit', r)));

    ({ child, base } = await start(database, schema, ledger, 'run'));
    // A fresh key while the crashed payment is unsettled is refused, or (once reconciled) the invoice is paid: never a second charge.
    const retry = await call(
      'POST',
      '/api/v1/payments',
      token,
      { data: { type: 'payments', attributes: { invoiceIds: [invoice.id] } } },
      { 'idempotency-key': 'crash-retry-0002' },
    );
    assert.equal(retry.status, 409);
    const paid = await until('the invoice to be paid', async () => {
      const got = ((await (await call('GET', `/api/v1/invoices/${invoice.id}`, token)).json()) as any).data.attributes;
      return got.amountPaid > 0 ? got : undefined;
    });
    assert.equal(paid.amountPaid, total, 'paid exactly once');
    assert.equal(paid.status, 'paid');
    const charges = ledgerCharges(ledger);
    assert.equal(charges.length, 1, 'one charge at the gateway');
    assert.equal(charges[0]!.amount, total);
    const again = await call(
      'POST',
      '/api/v1/payments',
      token,
      { data: { type: 'payments', attributes: { invoiceIds: [invoice.id] } } },
      { 'idempotency-key': 'crash-payment-0001' },
    );
    assert.equal(again.status, 201, 'the crashed request, sent again with its key, answers paid');
    assert.equal(ledgerCharges(ledger).length, 1);
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('payment crash safety', () => {
  it('SQLite (WAL): SIGKILL between the charge and its row: one charge, paid once after restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gp-pay-db-'));
    try {
      await killMidPayment(join(dir, 'gp.db'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('PostgreSQL: the same', { skip: TEST_DATABASE_URL ? false : 'no PostgreSQL: set GLASSPANE_TEST_DATABASE_URL' }, async () => {
    const schema = `paycrash_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
    try {
      await killMidPayment(TEST_DATABASE_URL!, schema);
    } finally {
      await dropSchema(schema);
    }
  });
});
