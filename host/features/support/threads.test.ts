import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createTestHost, ADMIN_KEY, testNow, type TestHost } from '../../test/helpers.js';
import { MemoryCompute } from '../../test/fake-compute-provider.js';
import localPlugin, { localDb } from '../../../plugins/local/index.js';
import { markdownAsText, parseSnippet } from './knowledge-base.js';

describe('knowledge-base snippets read as text', () => {
  test("Markdown's syntax is taken out; link text and matches stay", () => {
    assert.equal(
      markdownAsText('Stop the server, choose **rescue mode**, then run `passwd`.'),
      'Stop the server, choose rescue mode, then run passwd.',
    );
    assert.equal(
      markdownAsText('## Steps\n- open the _console_\n> note: see [the guide](https://x.example/a_b)'),
      'Steps\nopen the console\nnote: see the guide',
    );
    assert.equal(markdownAsText('snake_case_name and 2*3*4 stay'), 'snake_case_name and 2*3*4 stay');
    assert.deepEqual(parseSnippet('choose **\u0002rescue\u0003 mode** or [\u0002rescue\u0003 docs](javascript:x)'), [
      { text: 'choose ', match: false },
      { text: 'rescue', match: true },
      { text: ' mode or ', match: false },
      { text: 'rescue', match: true },
      { text: ' docs', match: false },
    ]);
  });
});

const DAY = 86_400_000;

describe('ticket threads: reopen, close, auto-close', () => {
  let host: TestHost;
  let customer: string;
  let staff: string;
  let globex: string;
  /** The host's clock: tests move it instead of waiting. */
  let clock = new Date('2026-11-02T09:00:00Z');
  const cloud = new MemoryCompute('memcloud');

  beforeEach(async () => {
    clock = new Date('2026-11-02T09:00:00Z');
    cloud.servers.clear();
    cloud.addServer('proj-acme', { id: 'w1', name: 'worker-01', region: 'fra1' });
    host = await createTestHost({
      now: () => clock,
      plugins: [localPlugin, cloud.plugin()],
      support: { reopenDays: 10, autoCloseDays: 5 },
      ticketAutoCloseMs: 0,
    });
    for (const id of ['acme', 'globex']) {
      await host.request('PUT', `/api/v1/tenants/${id}`, {
        token: ADMIN_KEY,
        body: {
          data: {
            type: 'tenants',
            attributes: {
              name: id,
              supportAccount: { source: 'local', account: id },
              computeAccounts: [{ source: 'memcloud', scope: `proj-${id}` }],
            },
          },
        },
      });
    }
    customer = await host.token('acme', ['customer']);
    staff = await host.token('acme', ['staff']);
    globex = await host.token('globex', ['customer']);
  });
  afterEach(() => host.close());

  const open = async (attributes: object = { subject: 'Mail bounces', description: 'Since 08:00', urgency: 'major' }) => {
    const res = await host.request('POST', '/api/v1/tickets', { token: customer, body: { data: { type: 'tickets', attributes } } });
    assert.equal(res.status, 201, await res.clone().text());
    return ((await res.json()) as any).data as { id: string; attributes: Record<string, any> };
  };
  const act = (id: string, action: string, token = customer, message?: string) =>
    host.request('POST', `/api/v1/tickets/${id}/actions`, {
      token,
      body: { data: { type: 'ticket-actions', attributes: { action, ...(message ? { message } : {}) } } },
    });
  const row = (id: string) => localDb(host.services.db).selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const messages = (id: string) =>
    localDb(host.services.db).selectFrom('ticket_messages').selectAll().where('ticket_id', '=', id).orderBy('created_at').execute();

  test('the thread has customer and staff messages with their authors and times', async () => {
    const t = await open();
    await host.request('POST', `/api/v1/tickets/${t.id}/messages`, {
      token: staff,
      body: { data: { type: 'ticket-messages', attributes: { body: 'Which domain?' } } },
    });
    clock = new Date(clock.getTime() + 60_000);
    const reply = await host.request('POST', `/api/v1/tickets/${t.id}/messages`, {
      token: customer,
      body: { data: { type: 'ticket-messages', attributes: { body: 'acme.example' } } },
    });
    assert.equal(reply.status, 201);
    const stored = await messages(t.id);
    assert.deepEqual(
      stored.map((m) => [m.author_kind, m.author_name, m.body]),
      [
        ['staff', 'user@acme.example', 'Which domain?'],
        ['customer', 'user@acme.example', 'acme.example'],
      ],
    );
    const doc = (await (await host.request('GET', `/api/v1/tickets/${t.id}`, { token: customer })).json()) as any;
    assert.deepEqual(
      doc.included.map((m: any) => [m.attributes.author.kind, m.attributes.createdAt]),
      [
        ['staff', '2026-11-02T09:00:00.000Z'],
        ['customer', '2026-11-02T09:01:00.000Z'],
      ],
    );
    assert.equal((await row(t.id)).status, 'open', 'the customer answered: back to support');
  });

  test('a customer closes a ticket, with a last word; it can then not be closed again', async () => {
    const t = await open();
    const res = await act(t.id, 'close', customer, 'Fixed itself, thanks.');
    assert.equal(res.status, 200);
    assert.equal((await row(t.id)).status, 'closed');
    assert.deepEqual(
      (await messages(t.id)).map((m) => m.body),
      ['Fixed itself, thanks.'],
    );
    const again = await act(t.id, 'close');
    assert.equal(again.status, 409);
    assert.equal(((await again.json()) as any).errors[0].code, 'ticket_closed');
    assert.equal((await act(t.id, 'close', globex)).status, 404, "another tenant's ticket does not exist for it");
  });

  test('a closed ticket is reopened within the period, not after it', async () => {
    const t = await open();
    await act(t.id, 'close');
    const closed = (await row(t.id)).updated_at;
    const listed = (await (await host.request('GET', `/api/v1/tickets/${t.id}`, { token: customer })).json()) as any;
    assert.equal(listed.data.attributes.reopenableUntil, new Date(Date.parse(closed) + 10 * DAY).toISOString());

    clock = new Date(Date.parse(closed) + 9 * DAY);
    const res = await act(t.id, 'reopen', customer, 'It is back.');
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as any).data.attributes.reopenableUntil, null);
    assert.equal((await row(t.id)).status, 'open');
    assert.deepEqual(
      (await messages(t.id)).map((m) => m.body),
      ['It is back.'],
    );
    assert.equal((await act(t.id, 'reopen')).status, 409, 'an open ticket is not reopened');

    await act(t.id, 'close');
    clock = new Date(clock.getTime() + 10 * DAY + 1000);
    const late = await act(t.id, 'reopen');
    assert.equal(late.status, 409);
    const error = ((await late.json()) as any).errors[0];
    assert.equal(error.code, 'reopen_period_over');
    assert.match(error.detail, /10 days/);
    assert.equal((await row(t.id)).status, 'closed', 'still closed');
  });

  test('bad actions are 422 with a pointer', async () => {
    const t = await open();
    const res = await act(t.id, 'delete');
    assert.equal(res.status, 422);
    assert.equal(((await res.json()) as any).errors[0].source.pointer, '/data/attributes/action');
  });

  test('the auto-close job closes tickets waiting on the customer for N days, and no others', async () => {
    const waiting = await open({ subject: 'Quota', description: 'More disk?', urgency: 'minor' });
    const recent = await open({ subject: 'DNS', description: 'TTL?', urgency: 'minor' });
    const queued = await open({ subject: 'Backup', description: 'Restore?', urgency: 'minor' });
    await host.request('POST', `/api/v1/tickets/${waiting.id}/messages`, {
      token: staff,
      body: { data: { type: 'ticket-messages', attributes: { body: 'How much?' } } },
    });
    clock = new Date(clock.getTime() + 2 * DAY);
    await host.request('POST', `/api/v1/tickets/${recent.id}/messages`, {
      token: staff,
      body: { data: { type: 'ticket-messages', attributes: { body: 'Which zone?' } } },
    });
    clock = new Date(clock.getTime() + 3 * DAY);
    assert.equal(await host.services.support.closeStale(), 1);
    assert.deepEqual(
      [(await row(waiting.id)).status, (await row(recent.id)).status, (await row(queued.id)).status],
      ['closed', 'waiting_on_customer', 'open'],
    );
  });

  test("a ticket may name one of the tenant's servers, not another tenant's", async () => {
    const t = await open({ subject: 'worker-01 slow', description: 'Load 40', urgency: 'critical', serviceId: 'memcloud:w1' });
    assert.equal((await row(t.id)).service_id, 'memcloud:w1');
    cloud.addServer('proj-globex', { id: 'g9', name: 'secret', region: 'fra1' });
    const res = await host.request('POST', '/api/v1/tickets', {
      token: customer,
      body: { data: { type: 'tickets', attributes: { subject: 'x y z', description: 'd', urgency: 'minor', serviceId: 'memcloud:g9' } } },
    });
    assert.equal(res.status, 422);
    assert.equal(((await res.json()) as any).errors[0].source.pointer, '/data/attributes/serviceId');
  });
});

describe('ticket threads on NetSuite, through the host', () => {
  test('a reply is a message record on the case; close and reopen write the case status', async () => {
    const { startNetSuiteFake } = await import('../../../plugins/netsuite/fake.js');
    const netsuite = (await import('../../../plugins/netsuite/index.js')).default;
    // The account's cases are dated by the host's (injected) clock, as a real account's and a real host's agree;
    // the plugin signs requests with the real time.
    const fake = await startNetSuiteFake({ now: () => testNow().getTime(), signatureClock: Date.now });
    fake.addCustomer({ id: '108', name: 'Globex Corporation' });
    const host = await createTestHost({
      plugins: [localPlugin, { plugin: netsuite, config: { ...fake.config, customerIds: { globex: '108' } } }],
      ticketAutoCloseMs: 0,
    });
    try {
      await host.request('PUT', '/api/v1/tenants/globex', {
        token: ADMIN_KEY,
        body: { data: { type: 'tenants', attributes: { name: 'Globex', supportAccount: { source: 'netsuite', account: 'globex' } } } },
      });
      const token = await host.token('globex', ['customer']);
      const created = await host.request('POST', '/api/v1/tickets', {
        token,
        body: { data: { type: 'tickets', attributes: { subject: 'VPN down', description: 'Since midnight', urgency: 'blocker' } } },
      });
      const id = ((await created.json()) as any).data.id as string;
      const reply = await host.request('POST', `/api/v1/tickets/${id}/messages`, {
        token,
        body: { data: { type: 'ticket-messages', attributes: { body: 'Still down at 03:00.' } } },
      });
      assert.equal(reply.status, 201);
      assert.deepEqual(
        fake.messages.filter((m) => m.activity === id).map((m) => [m.message, m.incoming]),
        [
          ['Since midnight', true],
          ['Still down at 03:00.', true],
        ],
      );
      const act = (action: string) =>
        host.request('POST', `/api/v1/tickets/${id}/actions`, {
          token,
          body: { data: { type: 'ticket-actions', attributes: { action } } },
        });
      assert.equal((await act('close')).status, 200);
      assert.equal(fake.cases.find((c) => c.id === id)!.status, '5');
      const reopened = await act('reopen');
      assert.equal(reopened.status, 200);
      assert.equal(fake.cases.find((c) => c.id === id)!.status, '4', "NetSuite's Re-Opened");
      assert.equal(((await reopened.json()) as any).data.attributes.status, 'open');
    } finally {
      await host.close();
      await fake.close();
    }
  });
});
