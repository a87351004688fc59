import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createTestHost, ADMIN_KEY, type TestHost } from '../../test/helpers.js';
import { z } from 'zod';
import localPlugin, { LocalSupportProvider, localDb } from '../../../plugins/local/index.js';
import { ClockToken, DatabaseToken } from '../../container.js';
import { definePlugin } from '../../plugin.js';
import { SupportProviderToken, type SupportProvider } from '../../ports/support-provider.js';
import { attachmentDisposition, cleanFileName } from './attachments.js';

/** Every byte value, so a round trip that touched the encoding would show. */
const BINARY = Uint8Array.from({ length: 1024 }, (_, i) => i % 256);

describe('ticket attachments', () => {
  let host: TestHost;
  let customer: string;
  let staff: string;
  let globex: string;
  let globexStaff: string;

  beforeEach(async () => {
    const support = { attachments: { maxBytes: 4096, maxFiles: 3 } };
    host = await createTestHost({ plugins: [localPlugin], support, ticketAutoCloseMs: 0 });
    for (const id of ['acme', 'globex']) await tenant(id);
    customer = await host.token('acme', ['customer']);
    staff = await host.token('acme', ['staff']);
    globex = await host.token('globex', ['customer']);
    globexStaff = await host.token('globex', ['staff']);
  });
  afterEach(() => host.close());

  const tenant = (id: string, source = 'local') =>
    host.request('PUT', `/api/v1/tenants/${id}`, {
      token: ADMIN_KEY,
      body: { data: { type: 'tenants', attributes: { name: id, supportAccount: { source, account: id } } } },
    });
  const open = async (token = customer) => {
    const attributes = { subject: 'Disk full', description: 'See the log', urgency: 'major' };
    const res = await host.request('POST', '/api/v1/tickets', { token, body: { data: { type: 'tickets', attributes } } });
    assert.equal(res.status, 201, await res.clone().text());
    return ((await res.json()) as any).data.id as string;
  };
  const reply = async (ticketId: string, token = customer) => {
    const body = { data: { type: 'ticket-messages', attributes: { body: 'Attached.' } } };
    const res = await host.request('POST', `/api/v1/tickets/${ticketId}/messages`, { token, body });
    assert.equal(res.status, 201);
    return ((await res.json()) as any).data.id as string;
  };
  const upload = (ticketId: string, files: File[], token = customer, messageId?: string) => {
    const form = new FormData();
    for (const f of files) form.append('file', f);
    if (messageId) form.append('messageId', messageId);
    return post(`/api/v1/tickets/${ticketId}/attachments`, form, token);
  };
  const post = (path: string, form: FormData, token: string) =>
    host.fetch(new Request(`http://glasspane.test${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form }));
  const get = (path: string, token?: string) =>
    host.fetch(new Request(`http://glasspane.test${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {}));
  const text = (content: string, name: string, type = 'text/plain') => new File([content], name, { type });
  const stored = () =>
    localDb(host.services.db).selectFrom('local_ticket_attachments').selectAll().orderBy('created_at').orderBy('position').execute();

  test('files uploaded with a message are stored byte for byte and download as attachments', async () => {
    const t = await open();
    const m = await reply(t);
    const dump = new File([BINARY], 'dump.bin.gz', { type: 'application/gzip' });
    const res = await upload(t, [dump, text('line 1\nline 2\n', 'server.log')], customer, m);
    assert.equal(res.status, 201, await res.clone().text());
    const doc = (await res.json()) as any;
    const summary = (a: any) => [a.type, a.attributes.name, a.attributes.size, a.attributes.messageId, a.attributes.uploadedBy];
    assert.deepEqual(doc.data.map(summary), [
      ['ticket-attachments', 'dump.bin.gz', 1024, m, 'user@acme.example'],
      ['ticket-attachments', 'server.log', 14, m, 'user@acme.example'],
    ]);
    const rows = await stored();
    assert.deepEqual(
      rows.map((r) => [r.tenant_id, r.ticket_id, r.message_id, r.content_type, Number(r.size)]),
      [
        ['acme', t, m, 'application/gzip', 1024],
        ['acme', t, m, 'text/plain', 14],
      ],
    );
    assert.deepEqual(new Uint8Array(rows[0]!.content), BINARY, 'the bytes are stored as sent');

    const download = await get(doc.data[0].links.download, staff);
    assert.equal(download.status, 200);
    assert.deepEqual(new Uint8Array(await download.arrayBuffer()), BINARY, 'and come back as sent');
    assert.equal(download.headers.get('content-type'), 'application/gzip');
    assert.equal(download.headers.get('content-disposition'), `attachment; filename="dump.bin.gz"; filename*=UTF-8''dump.bin.gz`);
    assert.equal(download.headers.get('x-content-type-options'), 'nosniff');

    // The thread lists them with their message; the list route has them too.
    const ticket = (await (await host.request('GET', `/api/v1/tickets/${t}`, { token: customer })).json()) as any;
    const files = ticket.included.filter((r: any) => r.type === 'ticket-attachments');
    assert.deepEqual(
      files.map((r: any) => [r.attributes.name, r.attributes.messageId]),
      [
        ['dump.bin.gz', m],
        ['server.log', m],
      ],
    );
    assert.deepEqual(ticket.meta.attachments, { enabled: true, maxBytes: 4096, maxFiles: 3, types: ticket.meta.attachments.types });
    const list = (await (await host.request('GET', `/api/v1/tickets/${t}/attachments`, { token: customer })).json()) as any;
    assert.equal(list.data.length, 2);

    const [entry] = await host.services.db.selectFrom('audit_log').selectAll().where('action', '=', 'ticket.attachments_added').execute();
    assert.equal(entry?.tenant_id, 'acme');
    assert.equal(entry?.subject, t);
    assert.deepEqual(
      JSON.parse(entry!.detail).files.map((f: any) => [f.name, f.size]),
      [
        ['dump.bin.gz', 1024],
        ['server.log', 14],
      ],
    );
  });

  test('files attached to the ticket as it was opened have no message', async () => {
    const t = await open();
    const res = await upload(t, [new File(['%PDF-1.7'], 'C:\\Users\\me\\report.pdf', { type: 'application/pdf' })]);
    assert.equal(res.status, 201, await res.clone().text());
    assert.deepEqual(
      (await stored()).map((r) => [r.name, r.message_id]),
      [['report.pdf', null]],
      'the name loses its directories',
    );
  });

  test('HTML and SVG never go out as themselves', async () => {
    const limits = { maxBytes: 4096, maxFiles: 3, types: ['text/html', 'image/svg+xml', 'text/plain'] };
    await host.close();
    host = await createTestHost({ plugins: [localPlugin], support: { attachments: limits }, ticketAutoCloseMs: 0 });
    await tenant('acme');
    customer = await host.token('acme', ['customer']);
    const t = await open();
    const html = '<script>alert(1)</script>';
    const res = await upload(t, [text(html, 'x.html', 'text/html'), text('<svg onload="alert(1)"/>', 'ä "x".svg', 'image/svg+xml')]);
    assert.equal(res.status, 201, await res.clone().text());
    const [a, b] = ((await res.json()) as any).data;
    for (const [att, name] of [
      [a, 'x.html'],
      [b, 'ä "x".svg'],
    ] as const) {
      const d = await get(att.links.download, customer);
      assert.equal(d.headers.get('content-type'), 'application/octet-stream');
      assert.equal(d.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(d.headers.get('content-disposition'), attachmentDisposition(name));
    }
    assert.equal(attachmentDisposition('ä "x".svg'), `attachment; filename="_ _x_.svg"; filename*=UTF-8''%C3%A4%20%22x%22.svg`);
  });

  test('limits: too large is 413, a type not allowed 415, too many files 422; nothing is stored', async () => {
    const t = await open();
    const m = await reply(t);
    const big = await upload(t, [new File([new Uint8Array(4097)], 'big.png', { type: 'image/png' })], customer, m);
    assert.equal(big.status, 413);
    assert.equal(((await big.json()) as any).errors[0].code, 'file_too_large');
    const exe = await upload(t, [text('MZ', 'tool.exe', 'application/x-msdownload')], customer, m);
    assert.equal(exe.status, 415);
    assert.match(((await exe.json()) as any).errors[0].detail, /tool\.exe/);
    const ok = await upload(t, [text('a', 'a.txt'), text('b', 'b.txt')], customer, m);
    assert.equal(ok.status, 201);
    const many = await upload(t, [text('c', 'c.txt'), text('d', 'd.txt')], customer, m);
    assert.equal(many.status, 422);
    assert.equal(((await many.json()) as any).errors[0].code, 'too_many_files');
    const mixed = await upload(t, [text('e', 'e.txt'), text('<x/>', 'f.html', 'text/html')]);
    assert.equal(mixed.status, 415, 'one bad file refuses the upload');
    const whole = await upload(t, [new File([new Uint8Array(80_000)], 'huge.png', { type: 'image/png' })]);
    assert.equal(whole.status, 413, 'a body larger than every file at its largest is refused before it is parsed');
    assert.equal(((await whole.json()) as any).errors[0].code, 'payload_too_large');
    const json = await host.request('POST', `/api/v1/tickets/${t}/attachments`, { token: customer, body: { data: {} } });
    assert.equal(json.status, 415);
    // Elsewhere multipart stays refused: only the upload route takes it.
    const form = new FormData();
    form.append('data', 'x');
    const elsewhere = await post(`/api/v1/tickets/${t}/messages`, form, customer);
    assert.equal(elsewhere.status, 415);
    assert.deepEqual(
      (await stored()).map((r) => r.name),
      ['a.txt', 'b.txt'],
    );
  });

  test("another tenant's ticket and attachment are not found, for its staff too", async () => {
    const t = await open();
    const up = ((await (await upload(t, [text('secret', 's.txt')])).json()) as any).data[0];
    for (const token of [globex, globexStaff]) {
      const d = await get(up.links.download, token);
      assert.equal(d.status, 404);
      assert.equal((await host.request('GET', `/api/v1/tickets/${t}/attachments`, { token })).status, 404);
      assert.equal((await upload(t, [text('x', 'x.txt')], token)).status, 404);
    }
    // Globex's own ticket cannot be used to reach Acme's file either.
    const own = await open(globex);
    const d = await get(`/api/v1/tickets/${own}/attachments/${up.id}`, globex);
    assert.equal(d.status, 404);
    // Nor a message of another ticket.
    const other = await open();
    const m = await reply(other);
    assert.equal((await upload(t, [text('x', 'x.txt')], customer, m)).status, 404);
    assert.equal((await get(up.links.download)).status, 401);
    assert.equal((await stored()).length, 1);
  });

  test('a closed ticket takes no files', async () => {
    const t = await open();
    const close = { data: { type: 'ticket-actions', attributes: { action: 'close' } } };
    await host.request('POST', `/api/v1/tickets/${t}/actions`, { token: customer, body: close });
    const res = await upload(t, [text('x', 'x.txt')]);
    assert.equal(res.status, 409);
    assert.equal(((await res.json()) as any).errors[0].code, 'ticket_closed');
  });

  test('a provider without the capability says so: the policy is disabled and uploads are 409', async () => {
    await host.close();
    const bare = definePlugin({
      id: 'bare-desk',
      provides: ['SupportProvider'],
      config: z.object({}),
      register({ container }) {
        const inner = new LocalSupportProvider(localDb(container.resolve(DatabaseToken)), container.resolve(ClockToken));
        // The local provider's tickets, without its attachments.
        const provider: SupportProvider = {
          source: 'bare',
          listTickets: (a) => inner.listTickets(a),
          getTicket: (a, id) => inner.getTicket(a, id),
          createTicket: (a, input) => inner.createTicket(a, input),
          updateTicket: (a, id, patch) => inner.updateTicket(a, id, patch),
          listMessages: (a, id) => inner.listMessages(a, id),
          addMessage: (a, id, m) => inner.addMessage(a, id, m),
        };
        container.register(SupportProviderToken, { useValue: provider });
      },
    });
    host = await createTestHost({ plugins: [localPlugin, bare], ticketAutoCloseMs: 0 });
    await tenant('acme', 'bare');
    customer = await host.token('acme', ['customer']);
    const policyRes = await host.request('GET', '/api/v1/ticket-attachment-policy', { token: customer });
    const policy = (await policyRes.json()) as any;
    assert.equal(policyRes.status, 200, JSON.stringify(policy));
    assert.equal(policy.data.attributes.enabled, false);
    const t = await open();
    const res = await upload(t, [text('x', 'x.txt')]);
    assert.equal(res.status, 409);
    assert.equal(((await res.json()) as any).errors[0].code, 'attachments_unsupported');
    const ticket = (await (await host.request('GET', `/api/v1/tickets/${t}`, { token: customer })).json()) as any;
    assert.equal(ticket.meta.attachments.enabled, false);
  });

  test('file names keep no directories or control characters', () => {
    assert.equal(cleanFileName('../../etc/passwd'), 'passwd');
    assert.equal(cleanFileName('a\u0000b\nc.txt'), 'abc.txt');
    assert.equal(cleanFileName('   '), 'attachment');
    assert.equal([...cleanFileName('x'.repeat(300))].length, 255);
  });
});
