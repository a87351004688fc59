import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import type { ProviderError, Urgency } from '@glasspane/host';
import { NetSuiteClient } from './client.js';
import { startNetSuiteFake, type NetSuiteFake } from './fake.js';
import { toUtcIso } from './mapper.js';
import { NetSuiteSupportProvider } from './support.js';

const code = (err: unknown) => (err as ProviderError).errors[0]!.code;

describe('NetSuite support cases against the fake', () => {
  let fake: NetSuiteFake;
  let client: NetSuiteClient;
  let support: NetSuiteSupportProvider;
  const input = (urgency: Urgency, subject = `Case with ${urgency} urgency`) => ({
    subject,
    description: `Something is ${urgency}.`,
    urgency,
    serviceId: null,
    requester: 'hank@globex.example',
  });

  before(async () => {
    fake = await startNetSuiteFake();
    client = new NetSuiteClient({ ...fake.config, retryBaseMs: 5 });
    support = new NetSuiteSupportProvider(client);
    fake.addCustomer({ id: '107', name: 'Acme GmbH' });
    fake.addCustomer({ id: '108', name: 'Globex Corporation' });
  });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  test('NETSUITE_CUSTOMER_IDS: a mapped tenant opens and reads the cases of its customer', async () => {
    const mapped = new NetSuiteSupportProvider(client, { customerIds: { globex: '108' } });
    const created = await mapped.createTicket('globex', input('minor', 'Mapped tenant'));
    assert.equal(fake.cases.find((c) => c.id === created.id)!.company, '108');
    assert.deepEqual(await support.getTicket('108', created.id), created);
    assert.deepEqual(
      (await mapped.listTickets('globex')).map((t) => t.id),
      (await support.listTickets('108')).map((t) => t.id),
    );
    assert.equal(await mapped.getTicket('107', created.id), undefined);
    await assert.rejects(mapped.listTickets('initech'), (err: unknown) => code(err) === 'provider_misconfigured');
  });

  test('create, list, get: the case round-trips with subject, description, requester and status', async () => {
    const created = await support.createTicket('108', input('major', 'Disk full on db-01'));
    assert.deepEqual(
      [created.subject, created.description, created.requester, created.status, created.urgency, created.serviceId],
      ['Disk full on db-01', 'Something is major.', 'hank@globex.example', 'open', 'major', null],
    );
    assert.match(created.number, /^\d+$/);
    assert.match(created.createdAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
    const stored = fake.cases.find((c) => c.id === created.id)!;
    assert.deepEqual([stored.company, stored.priority, stored.status], ['108', '2', '1']);
    const listed = (await support.listTickets('108')).find((t) => t.id === created.id)!;
    assert.deepEqual(listed, created);
    assert.deepEqual(await support.getTicket('108', created.id), created);
  });

  test('urgency survives the round trip although blocker and critical share NetSuite priority High', async () => {
    const blocker = await support.createTicket('108', input('blocker'));
    const critical = await support.createTicket('108', input('critical'));
    const minor = await support.createTicket('108', input('minor'));
    assert.deepEqual(
      [blocker, critical, minor].map((t) => fake.cases.find((c) => c.id === t.id)!.priority),
      ['1', '1', '3'],
    );
    const listed = await support.listTickets('108');
    assert.equal(listed.find((t) => t.id === blocker.id)!.urgency, 'blocker');
    assert.equal(listed.find((t) => t.id === critical.id)!.urgency, 'critical');
    assert.equal((await support.getTicket('108', minor.id))!.urgency, 'minor');
  });

  test('update: status and urgency change in NetSuite and read back', async () => {
    const t = await support.createTicket('108', input('minor'));
    const updated = (await support.updateTicket('108', t.id, { status: 'in_progress', urgency: 'blocker' }))!;
    assert.deepEqual([updated.status, updated.urgency], ['in_progress', 'blocker']);
    const stored = fake.cases.find((c) => c.id === t.id)!;
    assert.deepEqual([stored.status, stored.priority, stored.custom.custevent_gp_urgency], ['2', '1', 'blocker']);
    const closed = (await support.updateTicket('108', t.id, { status: 'closed' }))!;
    assert.equal(closed.status, 'closed');
    assert.equal(closed.urgency, 'blocker');
  });

  test('messages: replies are message records on the case; the description is not repeated', async () => {
    const t = await support.createTicket('108', input('critical'));
    assert.deepEqual(await support.listMessages('108', t.id), []);
    const staff = await support.addMessage('108', t.id, { body: 'We are cleaning up now.', author: { name: 'Sam', kind: 'staff' } });
    await support.addMessage('108', t.id, { body: 'Thanks, db-01 is back.', author: { name: 'Hank', kind: 'customer' } });
    assert.equal(staff.ticketId, t.id);
    const messages = await support.listMessages('108', t.id);
    assert.deepEqual(
      messages.map((m) => [m.body, m.author.kind, m.author.name]),
      [
        ['We are cleaning up now.', 'staff', 'Glasspane Integration'],
        ['Thanks, db-01 is back.', 'customer', 'Globex Corporation'],
      ],
    );
    assert.equal(messages[0]!.id, staff.id);
    const stored = fake.messages.filter((m) => m.activity === t.id);
    assert.deepEqual(
      stored.map((m) => [m.incoming, m.author]),
      [
        [true, '108'],
        [false, null],
        [true, '108'],
      ],
    );
    // The ticket's description is still the first message.
    assert.equal((await support.getTicket('108', t.id))!.description, 'Something is critical.');
  });

  test("another customer's case is invisible: get, update, messages", async () => {
    const t = await support.createTicket('107', input('major'));
    assert.equal(await support.getTicket('108', t.id), undefined);
    assert.equal(await support.updateTicket('108', t.id, { status: 'closed' }), undefined);
    assert.equal(fake.cases.find((c) => c.id === t.id)!.status, '1');
    assert.deepEqual(await support.listMessages('108', t.id), []);
    await assert.rejects(
      support.addMessage('108', t.id, { body: 'x', author: { name: 'Eve', kind: 'customer' } }),
      (err: unknown) => code(err) === 'not_found',
    );
    assert.ok(!(await support.listTickets('108')).some((x) => x.id === t.id));
  });

  test('cases made in NetSuite map their statuses: Escalated and Re-Opened too', async () => {
    const ids = ['1', '2', '3', '4', '5'].map(
      (status) => fake.addCase('107', { title: `Status ${status}`, status }, [{ message: 'hello' }]).id,
    );
    const tickets = await support.listTickets('107');
    assert.deepEqual(
      ids.map((id) => tickets.find((t) => t.id === id)!.status),
      ['open', 'in_progress', 'in_progress', 'open', 'closed'],
    );
  });

  test('without an urgency field the urgency follows the priority', async () => {
    const plain = new NetSuiteSupportProvider(client, { mapping: { urgencyField: null } });
    const t = await plain.createTicket('108', input('blocker'));
    assert.deepEqual(fake.cases.find((c) => c.id === t.id)!.custom, {});
    assert.equal(t.urgency, 'critical');
    const q = fake.requests.find((r) => r.q?.includes('FROM supportcase'));
    assert.ok(!q || !q.q!.includes('custevent'));
    assert.throws(() => new NetSuiteSupportProvider(client, { mapping: { urgencyField: 'custevent_x FROM employee --' } }), RangeError);
  });

  test('an account with its own "waiting on customer" status maps it both ways', async () => {
    const custom = new NetSuiteSupportProvider(client, {
      mapping: {
        statusIds: { open: '1', in_progress: '2', waiting_on_customer: '4', resolved: '5', closed: '5' },
        statusById: { '1': 'open', '2': 'in_progress', '4': 'waiting_on_customer', '5': 'closed' },
      },
    });
    const t = await custom.createTicket('108', input('major'));
    const waiting = (await custom.updateTicket('108', t.id, { status: 'waiting_on_customer' }))!;
    assert.equal(fake.cases.find((c) => c.id === t.id)!.status, '4');
    assert.equal(waiting.status, 'waiting_on_customer');
  });

  test("reopening a closed case writes NetSuite's Re-Opened status; a reply is a message record on it", async () => {
    const t = await support.createTicket('108', input('major'));
    await support.updateTicket('108', t.id, { status: 'closed' });
    const reopened = (await support.updateTicket('108', t.id, { status: 'open' }))!;
    assert.equal(fake.cases.find((c) => c.id === t.id)!.status, '4');
    assert.equal(reopened.status, 'open');
    await support.addMessage('108', t.id, { body: 'It came back at 03:00.', author: { name: 'Hank', kind: 'customer' } });
    const stored = fake.messages.filter((m) => m.activity === t.id).at(-1)!;
    assert.deepEqual([stored.message, stored.incoming, stored.author], ['It came back at 03:00.', true, '108']);
    // An open case set to open stays Not Started; with no reopen status the open status is written.
    const fresh = await support.createTicket('108', input('minor'));
    await support.updateTicket('108', fresh.id, { status: 'open' });
    assert.equal(fake.cases.find((c) => c.id === fresh.id)!.status, '1');
    const plain = new NetSuiteSupportProvider(client, { mapping: { reopenedStatusId: null } });
    await plain.updateTicket('108', t.id, { status: 'closed' });
    await plain.updateTicket('108', t.id, { status: 'open' });
    assert.equal(fake.cases.find((c) => c.id === t.id)!.status, '1');
  });

  test('SuiteQL wall-clock times are read in the configured time zone', async () => {
    assert.equal(toUtcIso('2026-07-01T12:00:00', 'Europe/Berlin'), '2026-07-01T10:00:00.000Z');
    assert.equal(toUtcIso('2026-01-15T12:00:00', 'Europe/Berlin'), '2026-01-15T11:00:00.000Z');
    assert.equal(toUtcIso('2026-01-15T12:00:00', 'UTC'), '2026-01-15T12:00:00.000Z');
    assert.equal(toUtcIso('2026-01-15T12:00:00Z', 'Europe/Berlin'), '2026-01-15T12:00:00.000Z');
  });
});
