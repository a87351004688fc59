import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createTestHost, collect, ADMIN_KEY, type TestHost } from '../../test/helpers.js';
import { classify, type ClassificationAnswers } from './classification.js';
import { contactMatrixSchema, reachNow, type ContactMatrix } from './contact-matrix.js';
import { parseSnippet, queryTerms } from './knowledge-base.js';

describe('urgency classification', () => {
  const cases: [ClassificationAnswers, string, string][] = [
    [{ immediate: true, manyAffected: true, deadline: 'now' }, 'blocker', 'outage_many'],
    [{ immediate: true, manyAffected: true, deadline: 'later' }, 'blocker', 'outage_many'],
    [{ immediate: true, manyAffected: false, deadline: 'now' }, 'critical', 'urgent_few'],
    [{ immediate: false, manyAffected: true, deadline: 'today' }, 'critical', 'many_soon'],
    [{ immediate: false, manyAffected: true, deadline: 'this_week' }, 'major', 'many_later'],
    [{ immediate: false, manyAffected: false, deadline: 'today' }, 'major', 'deadline_today'],
    [{ immediate: false, manyAffected: false, deadline: 'this_week' }, 'minor', 'no_rush'],
    [{ immediate: false, manyAffected: false, deadline: 'later' }, 'minor', 'no_rush'],
  ];
  for (const [answers, urgency, reason] of cases) {
    test(`${JSON.stringify(answers)} → ${urgency}`, () => assert.deepEqual(classify(answers), { urgency, reason }));
  }
});

const MATRIX: ContactMatrix = contactMatrixSchema.parse({
  name: 'Shop platform',
  timeZone: 'Europe/Berlin',
  serviceHours: [{ days: [1, 2, 3, 4, 5], from: '08:00', to: '18:00' }],
  holidays: ['2026-12-25'],
  contacts: [
    { id: 'sdm', name: 'Sabine Delivery', role: 'service-delivery-manager', phone: '+49 30 1111', email: 'sabine@nimbus.example' },
    { id: 'desk', name: 'Service Desk', role: 'service-desk', phone: '+49 30 2222', email: 'desk@nimbus.example' },
    { id: 'oncall', name: 'On-call engineer', role: 'on-call-engineer', phone: '+49 30 9999', email: null },
  ],
  escalation: {
    blocker: [
      { contactId: 'desk', afterMinutes: 0 },
      { contactId: 'sdm', afterMinutes: 15 },
    ],
    critical: [
      { contactId: 'desk', afterMinutes: 0 },
      { contactId: 'sdm', afterMinutes: 60 },
    ],
    major: [{ contactId: 'desk', afterMinutes: 0 }],
    minor: [{ contactId: 'desk', afterMinutes: 0 }],
  },
  onCall: {
    blocker: [
      { contactId: 'oncall', afterMinutes: 0 },
      { contactId: 'sdm', afterMinutes: 30 },
    ],
    critical: [{ contactId: 'oncall', afterMinutes: 0 }],
  },
});

describe('who to call right now', () => {
  test("inside service hours: the escalation path, in the provider's time zone", () => {
    // 07:30 UTC on a Tuesday in November is 08:30 in Berlin.
    const r = reachNow(MATRIX, 'blocker', new Date('2026-11-24T07:30:00Z'));
    assert.equal(r.inServiceHours, true);
    assert.equal(r.localTime, '2026-11-24T08:30');
    assert.deepEqual(
      r.path.map((s) => [s.contact.id, s.afterMinutes]),
      [
        ['desk', 0],
        ['sdm', 15],
      ],
    );
  });
  test('a night-time blocker goes to on-call; a minor one waits for the morning', () => {
    const night = new Date('2026-11-24T23:30:00Z'); // 00:30 Wednesday in Berlin
    const blocker = reachNow(MATRIX, 'blocker', night);
    assert.equal(blocker.reason, 'on_call');
    assert.equal(blocker.path[0]!.contact.phone, '+49 30 9999');
    const minor = reachNow(MATRIX, 'minor', night);
    assert.equal(minor.reason, 'next_service_hours');
    assert.equal(minor.nextServiceStart, '2026-11-25T07:00:00.000Z', '08:00 Berlin');
  });
  test('weekends and holidays are outside service hours; summer time moves the boundary', () => {
    assert.equal(reachNow(MATRIX, 'major', new Date('2026-11-28T10:00:00Z')).inServiceHours, false, 'Saturday');
    const xmas = reachNow(MATRIX, 'critical', new Date('2026-12-25T10:00:00Z'));
    assert.equal(xmas.reason, 'holiday_on_call');
    // 06:30 UTC in July is 08:30 CEST (inside); in January 07:30 CET (outside).
    assert.equal(reachNow(MATRIX, 'minor', new Date('2026-07-14T06:30:00Z')).inServiceHours, true);
    assert.equal(reachNow(MATRIX, 'minor', new Date('2026-01-13T06:30:00Z')).inServiceHours, false);
  });
  test('a matrix naming an unknown contact or a bad zone is refused with the path', () => {
    const bad = contactMatrixSchema.safeParse({
      ...MATRIX,
      timeZone: 'Mars/Olympus',
      escalation: { ...MATRIX.escalation, minor: [{ contactId: 'ghost', afterMinutes: 0 }] },
    });
    assert.equal(bad.success, false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    assert.ok(paths.includes('timeZone'));
    assert.ok(paths.includes('escalation.minor.0.contactId'));
  });
});

describe('knowledge-base query handling', () => {
  test('queries are reduced to words; snippets are text segments, never markup', () => {
    assert.deepEqual(queryTerms('reset "password" OR <script>*'), ['reset', 'password', 'or', 'script']);
    assert.deepEqual(parseSnippet('how to \u0002reset\u0003 a <b>password</b>'), [
      { text: 'how to ', match: false },
      { text: 'reset', match: true },
      { text: ' a <b>password</b>', match: false },
    ]);
  });
});

describe('support through the API', () => {
  let host: TestHost;
  let customer: string;
  let staff: string;
  let globex: string;

  beforeEach(async () => {
    host = await createTestHost();
    for (const id of ['acme', 'globex']) {
      await host.request('PUT', `/api/v1/tenants/${id}`, {
        token: ADMIN_KEY,
        body: { data: { type: 'tenants', attributes: { name: id, supportAccount: { source: 'local', account: id } } } },
      });
    }
    await host.request('PUT', '/api/v1/tenants/acme/services/web-01', {
      token: ADMIN_KEY,
      body: { data: { type: 'services', attributes: { name: 'web-01' } } },
    });
    customer = await host.token('acme', ['customer']);
    staff = await host.token('acme', ['staff']);
    globex = await host.token('globex', ['customer']);
  });
  afterEach(() => host.close());

  const open = (attributes: object, token = customer) =>
    host.request('POST', '/api/v1/tickets', { token, body: { data: { type: 'tickets', attributes } } });

  test('a ticket keeps its text exactly, hostile or not, and only its tenant sees it', async () => {
    const description = '<img src=x onerror=alert(1)> "quotes" & ümlauts\nsecond line';
    const res = await open({ subject: 'Site down <script>alert(1)</script>', description, urgency: 'blocker', serviceId: 'web-01' });
    assert.equal(res.status, 201);
    const ticket = ((await res.json()) as any).data;
    assert.equal(ticket.attributes.description, description);
    assert.equal(ticket.attributes.subject, 'Site down <script>alert(1)</script>');
    assert.equal(ticket.attributes.number, 'T-1001');
    assert.equal((await host.request('GET', `/api/v1/tickets/${ticket.id}`, { token: globex })).status, 404);
    const list = (await (await host.request('GET', '/api/v1/tickets', { token: globex })).json()) as any;
    assert.equal(list.data.length, 0);
  });

  test('bad tickets are 422 with pointers; an unknown service is refused', async () => {
    let res = await open({ subject: 'x', description: '', urgency: 'apocalyptic' });
    assert.equal(res.status, 422);
    const pointers = ((await res.json()) as any).errors.map((e: any) => e.source.pointer).sort();
    assert.deepEqual(pointers, ['/data/attributes/description', '/data/attributes/subject', '/data/attributes/urgency']);
    res = await open({ subject: 'Disk full', description: 'help', urgency: 'major', serviceId: 'db-99' });
    assert.equal(((await res.json()) as any).errors[0].source.pointer, '/data/attributes/serviceId');
  });

  test('a staff reply streams to the tenant and waits on the customer; only staff change status', async () => {
    const stream = collect(host, 'tickets');
    const ticket = ((await (await open({ subject: 'Slow database', description: 'Queries take 10 s', urgency: 'major' })).json()) as any)
      .data;
    const reply = await host.request('POST', `/api/v1/tickets/${ticket.id}/messages`, {
      token: staff,
      body: { data: { type: 'ticket-messages', attributes: { body: 'Looking at it now.' } } },
    });
    assert.equal(reply.status, 201);
    await stream.until((e) => e.some((x) => x.data.op === 'message'));
    const last = stream.events.at(-1)!;
    assert.equal(last.tenant, 'acme');
    assert.equal(last.data.op, 'message');
    assert.equal(last.data.data.attributes.author.kind, 'staff');
    assert.equal(last.data.ticket.attributes.status, 'waiting_on_customer');
    const full = (await (await host.request('GET', `/api/v1/tickets/${ticket.id}`, { token: customer })).json()) as any;
    assert.deepEqual(
      full.included.map((m: any) => m.attributes.body),
      ['Looking at it now.'],
    );

    const patch = (token: string) =>
      host.request('PATCH', `/api/v1/tickets/${ticket.id}`, {
        token,
        body: { data: { type: 'tickets', id: ticket.id, attributes: { status: 'resolved' } } },
      });
    assert.equal((await patch(customer)).status, 403);
    assert.equal((await patch(staff)).status, 200);
  });

  test("the contract's targets are the tenant's own; the rest keep the defaults", async () => {
    const put = await host.request('PUT', '/api/v1/tenants/acme/support-contract', {
      token: ADMIN_KEY,
      body: {
        data: {
          type: 'support-contracts',
          attributes: { blocker: { responseMinutes: 5, meaning: 'Shop down: the whole team is paged.' } },
        },
      },
    });
    assert.equal(put.status, 200);
    const contract = ((await (await host.request('GET', '/api/v1/support-contract', { token: customer })).json()) as any).data.attributes;
    assert.deepEqual([contract.blocker.responseMinutes, contract.major.responseMinutes], [5, 240]);
    const other = ((await (await host.request('GET', '/api/v1/support-contract', { token: globex })).json()) as any).data.attributes;
    assert.equal(other.blocker.responseMinutes, 15, "acme's contract is not globex's");
  });

  test('classification answers with the urgency, its reason and the contract target', async () => {
    const res = await host.request('POST', '/api/v1/ticket-classifications', {
      token: customer,
      body: { data: { type: 'ticket-classifications', attributes: { immediate: true, manyAffected: true, deadline: 'now' } } },
    });
    const { attributes } = ((await res.json()) as any).data;
    assert.deepEqual([attributes.urgency, attributes.reason, attributes.responseMinutes], ['blocker', 'outage_many', 15]);
  });

  test('knowledge base: operators publish; search ranks title matches first with highlighted snippets; drafts stay hidden', async () => {
    const operator = await host.token('acme', ['operator']);
    const put = (slug: string, attributes: object, token = operator) =>
      host.request('PUT', `/api/v1/kb/articles/${slug}`, { token, body: { data: { type: 'kb-articles', attributes } } });
    assert.equal((await put('x', { title: 'x', category: 'c', body: 'b' }, customer)).status, 403);
    const byStaff = await put('x', { title: 'x', category: 'c', body: 'b', published: true }, staff);
    assert.equal(byStaff.status, 403, "a tenant's staff cannot change what every tenant reads");
    assert.match(((await byStaff.json()) as any).errors[0].detail, /"operator"/);
    assert.equal((await host.request('GET', '/api/v1/kb/articles/x', { token: customer })).status, 404, 'nothing was written');
    await put('reset-password', {
      title: 'Reset your server password',
      category: 'Servers',
      body: 'Open the console and choose **Reset password**.',
      published: true,
    });
    await put('firewall', {
      title: 'Firewall rules',
      category: 'Network',
      body: 'After a password reset, the firewall keeps its rules.',
      published: true,
    });
    await put('draft', { title: 'Password policy (draft)', category: 'Security', body: 'Not yet.', published: false });
    const res = await host.request('GET', '/api/v1/kb/articles?q=passw', { token: customer });
    const body = (await res.json()) as any;
    assert.deepEqual(
      body.data.map((a: any) => a.id),
      ['reset-password', 'firewall'],
      'prefix match, title first, no draft',
    );
    const snippet = body.data[1].attributes.snippet;
    assert.ok(snippet.some((s: any) => s.match && /password/i.test(s.text)));
    assert.deepEqual(
      body.meta.categories.map((c: any) => c.name),
      ['Network', 'Servers'],
    );
    assert.equal((await host.request('GET', '/api/v1/kb/articles/draft', { token: customer })).status, 404);
    assert.equal((await host.request('GET', '/api/v1/kb/articles/draft', { token: staff })).status, 200);
    const any = (await (
      await host.request('GET', '/api/v1/kb/articles?q=forgot+password+console&match=any', { token: customer })
    ).json()) as any;
    assert.equal(any.data[0].id, 'reset-password', 'any-word matching ranks the best article first');
    const all = (await (await host.request('GET', '/api/v1/kb/articles?q=forgot+password+console', { token: customer })).json()) as any;
    assert.equal(all.data.length, 0, 'all words must match by default');
    const odd = await host.request('GET', `/api/v1/kb/articles?q=${encodeURIComponent('"unbalanced AND (')}`, { token: customer });
    assert.equal(odd.status, 200, 'FTS syntax in a query is harmless');
    const deflect = await host.request('POST', '/api/v1/kb/deflections', {
      token: customer,
      body: { data: { type: 'kb-deflections', attributes: { slug: 'firewall', query: 'password' } } },
    });
    assert.equal(deflect.status, 204);
  });

  test("knowledge base in the reader's language: one variant per article, German for German, English for English, the default when there is none", async () => {
    const operator = await host.token('acme', ['operator']);
    const put = (slug: string, attributes: object) =>
      host.request('PUT', `/api/v1/kb/articles/${slug}`, {
        token: operator,
        body: { data: { type: 'kb-articles', attributes: { published: true, ...attributes } } },
      });
    assert.equal(
      (await put('lang-rescue', { title: 'Boot into rescue mode', category: 'Servers', body: 'Choose rescue mode.', locale: 'en' })).status,
      200,
    );
    assert.equal(
      (
        await put('lang-rescue', {
          title: 'Im Rettungsmodus starten',
          category: 'Server',
          body: 'Wählen Sie den Rettungsmodus.',
          locale: 'de',
        })
      ).status,
      200,
    );
    await put('lang-backup', { title: 'Restore a backup', category: 'Backups', body: 'Pick a restore point.', locale: 'en' });
    await put('lang-only-de', { title: 'Nur auf Deutsch', category: 'Server', body: 'Ein deutscher Artikel.', locale: 'de' });
    const rows = await host.services.db
      .selectFrom('kb_articles')
      .select(['slug', 'locale'])
      .where('slug', '=', 'lang-rescue')
      .orderBy('locale')
      .execute();
    assert.deepEqual(
      rows.map((r) => r.locale),
      ['de', 'en'],
      'both variants are stored under one slug',
    );

    const list = async (headers: Record<string, string>, query = '') =>
      (await (await host.request('GET', `/api/v1/kb/articles?limit=50${query}`, { token: customer, headers })).json()) as any;
    const german = await list({ 'accept-language': 'de-DE,de;q=0.9,en;q=0.5' });
    const g = (id: string) => german.data.find((a: any) => a.id === id);
    assert.equal(g('lang-rescue').attributes.title, 'Im Rettungsmodus starten');
    assert.equal(g('lang-rescue').attributes.category, 'Server');
    assert.equal(g('lang-rescue').attributes.fallback, false);
    assert.equal(g('lang-backup').attributes.title, 'Restore a backup', 'no German variant: the default language');
    assert.equal(g('lang-backup').attributes.fallback, true, 'and it says so');
    assert.equal(german.data.filter((a: any) => a.id === 'lang-rescue').length, 1, 'one article once');
    const germanCategories = german.meta.categories.map((c: any) => c.name);
    assert.ok(germanCategories.includes('Server') && !germanCategories.includes('Servers'), JSON.stringify(germanCategories));

    const english = await list({ 'accept-language': 'en-GB' });
    const e = (id: string) => english.data.find((a: any) => a.id === id);
    assert.equal(e('lang-rescue').attributes.title, 'Boot into rescue mode');
    assert.equal(e('lang-rescue').attributes.category, 'Servers');
    assert.equal(e('lang-only-de'), undefined, 'the English knowledge base lists no German article');
    const englishCategories = english.meta.categories.map((c: any) => c.name);
    assert.ok(englishCategories.includes('Servers') && !englishCategories.includes('Server'), JSON.stringify(englishCategories));

    const byQuery = await list({ 'accept-language': 'en' }, '&lang=de');
    assert.equal(
      byQuery.data.find((a: any) => a.id === 'lang-rescue').attributes.title,
      'Im Rettungsmodus starten',
      '?lang= wins over Accept-Language',
    );
    const french = await list({ 'accept-language': 'fr' });
    assert.equal(
      french.data.find((a: any) => a.id === 'lang-rescue').attributes.title,
      'Boot into rescue mode',
      'a language nobody wrote in falls back to the default',
    );

    const one = async (lang: string) =>
      (
        (await (
          await host.request('GET', '/api/v1/kb/articles/lang-rescue', { token: customer, headers: { 'accept-language': lang } })
        ).json()) as any
      ).data.attributes;
    assert.deepEqual([(await one('de')).body, (await one('de')).locale], ['Wählen Sie den Rettungsmodus.', 'de']);
    assert.equal((await one('en')).body, 'Choose rescue mode.');
    assert.equal(
      (await host.request('GET', '/api/v1/kb/articles/lang-only-de', { token: customer, headers: { 'accept-language': 'en' } })).status,
      404,
    );

    const search = (await (
      await host.request('GET', '/api/v1/kb/articles?q=rettungsmodus', { token: customer, headers: { 'accept-language': 'de' } })
    ).json()) as any;
    assert.deepEqual(
      search.data.map((a: any) => [a.id, a.attributes.locale]),
      [['lang-rescue', 'de']],
    );
    const searchEn = (await (
      await host.request('GET', '/api/v1/kb/articles?q=rettungsmodus', { token: customer, headers: { 'accept-language': 'en' } })
    ).json()) as any;
    assert.equal(searchEn.data.length, 0, 'an English reader does not find the German variant');
  });

  test("a contact's name in the reader's language when staff translated it", async () => {
    const translated = {
      ...MATRIX,
      contacts: MATRIX.contacts.map((c, i) => (i === 0 ? { ...c, translations: { de: { name: 'Servicedesk' } } } : c)),
    };
    assert.equal(
      (
        await host.request('PUT', '/api/v1/contact-matrices/shop', {
          token: staff,
          body: { data: { type: 'contact-matrices', attributes: translated } },
        })
      ).status,
      200,
    );
    const first = async (language: string) =>
      (
        (await (
          await host.request('GET', '/api/v1/contact-matrices', { token: customer, headers: { 'accept-language': language } })
        ).json()) as any
      ).data[0].attributes.contacts[0].name;
    assert.equal(await first('de'), 'Servicedesk');
    assert.equal(await first('en'), MATRIX.contacts[0]!.name);
  });

  test('contact matrix: staff maintain it, customers ask who to call', async () => {
    const put = (token: string, attributes: object) =>
      host.request('PUT', '/api/v1/contact-matrices/shop', { token, body: { data: { type: 'contact-matrices', attributes } } });
    assert.equal((await put(customer, MATRIX)).status, 403);
    const bad = await put(staff, { ...MATRIX, escalation: { ...MATRIX.escalation, blocker: [{ contactId: 'nobody', afterMinutes: 0 }] } });
    assert.equal(bad.status, 422);
    assert.equal(((await bad.json()) as any).errors[0].source.pointer, '/data/attributes/escalation/blocker/0/contactId');
    assert.equal((await put(staff, MATRIX)).status, 200);
    const res = await host.request('GET', '/api/v1/contact-matrices/shop/reach-now?urgency=blocker', { token: customer });
    assert.equal(res.status, 200);
    assert.ok(((await res.json()) as any).data.attributes.path.length > 0);
    assert.equal((await host.request('GET', '/api/v1/contact-matrices/shop/reach-now?urgency=blocker', { token: globex })).status, 404);
  });
});
