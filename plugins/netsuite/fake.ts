/**
 * A loopback NetSuite SuiteTalk REST for tests and the demo. It verifies every request's
 * OAuth 1.0a HMAC-SHA256 signature as NetSuite does (realm, timestamp window, nonce used
 * once) and answers INVALID_LOGIN otherwise; serves the record API (204 + Location on
 * create, externalId lookups) and SuiteQL for exactly the query shapes the plugin sends,
 * paged by limit/offset; and governs concurrency with 429s.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseAuthorization, sign, signatureBaseString } from './oauth.js';

interface FakeInvoice {
  id: string;
  entity: string;
  tranid: string;
  trandate: string;
  duedate: string;
  status: 'A' | 'B' | 'V';
  currency: 'USD' | 'EUR';
  total: number;
  remaining: number;
  memo: string | null;
  items: { description: string; quantity: number; rate: number; amount: number; tax1Amt: number }[];
}
interface FakeCase {
  id: string;
  company: string;
  casenumber: string;
  title: string;
  status: string;
  priority: string;
  urgency: string | null;
  email: string | null;
  incomingmessage: string;
  createddate: string;
  lastmodifieddate: string;
}

export interface NetSuiteFakeOptions {
  port?: number;
  /** Requests allowed in flight before 429. Default 5. */
  concurrency?: number;
  seed?: 'demo';
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

export async function startNetSuiteFake(options: NetSuiteFakeOptions = {}) {
  const accountId = '1234567_SB1';
  const creds = { consumerKey: 'fake-consumer-key', consumerSecret: 'fake-consumer-secret', tokenId: 'fake-token-id', tokenSecret: 'fake-token-secret' };
  const invoices: FakeInvoice[] = [];
  const payments: { id: string; externalId: string; customer: string; payment: number; apply: { doc: string; amount: number }[] }[] = [];
  const cases: FakeCase[] = [];
  const messages: { id: string; activity: string; message: string; authorname: string; incoming: boolean; messagedate: string }[] = [];
  const nonces = new Set<string>();
  const failures: { status: number; body?: unknown }[] = [];
  let garbage = 0;
  let nextId = 1000;
  let inFlight = 0;
  let base = '';
  const requests: { method: string; path: string }[] = [];

  const nsError = (res: ServerResponse, status: number, code: string, detail: string) =>
    send(res, status, { type: 'https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.1', title: status === 401 ? 'Unauthorized' : 'Bad Request', status, 'o:errorDetails': [{ detail, 'o:errorCode': code }] });

  function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/vnd.oracle.resource+json; type=singular', ...headers });
    res.end(body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body));
  }

  /** What NetSuite checks: the signature over the exact request, a fresh timestamp, an unused nonce. */
  function authorized(req: IncomingMessage): boolean {
    const fields = parseAuthorization(req.headers.authorization ?? '');
    if (!fields || fields.realm !== accountId || fields.oauth_consumer_key !== creds.consumerKey || fields.oauth_token !== creds.tokenId) return false;
    if (fields.oauth_signature_method !== 'HMAC-SHA256' || fields.oauth_version !== '1.0') return false;
    if (Math.abs(Date.now() / 1000 - Number(fields.oauth_timestamp)) > 300) return false;
    if (nonces.has(fields.oauth_nonce!)) return false;
    const params: Record<string, string> = {};
    for (const k of ['oauth_consumer_key', 'oauth_token', 'oauth_nonce', 'oauth_timestamp', 'oauth_signature_method', 'oauth_version']) params[k] = fields[k]!;
    const expected = sign(signatureBaseString(req.method ?? 'GET', `${base}${req.url}`, params), creds.consumerSecret, creds.tokenSecret);
    if (expected !== fields.oauth_signature) return false;
    nonces.add(fields.oauth_nonce!);
    return true;
  }

  async function body(req: IncomingMessage): Promise<any> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString();
    return text ? JSON.parse(text) : undefined;
  }

  /** The query shapes the plugin sends; anything else is NetSuite's "Invalid search query". */
  function suiteql(q: string): unknown[] | undefined {
    let m: RegExpMatchArray | null;
    if ((m = q.match(/FROM transaction t JOIN currency c ON c\.id = t\.currency WHERE t\.type = 'CustInvc' AND t\.entity = (\d+)(?: AND t\.id = (\d+))? ORDER BY t\.trandate DESC$/))) {
      return invoices
        .filter((i) => i.entity === m![1] && (!m![2] || i.id === m![2]))
        .sort((a, b) => b.trandate.localeCompare(a.trandate))
        .map((i) => ({ links: [], id: i.id, tranid: i.tranid, trandate: i.trandate, duedate: i.duedate, status: i.status, foreigntotal: i.total.toFixed(2), foreignamountremaining: i.remaining.toFixed(2), currency: i.currency, memo: i.memo }));
    }
    if ((m = q.match(/FROM supportcase s WHERE s\.company = (\d+)(?: AND s\.id = (\d+))? ORDER BY s\.lastmodifieddate DESC$/))) {
      return cases.filter((c) => c.company === m![1] && (!m![2] || c.id === m![2])).map((c) => ({ links: [], ...c }));
    }
    if ((m = q.match(/FROM message m WHERE m\.activity = (\d+) ORDER BY m\.messagedate$/))) {
      return messages.filter((x) => x.activity === m![1]).map((x) => ({ links: [], id: x.id, message: x.message, authorname: x.authorname, incoming: x.incoming ? 'T' : 'F', messagedate: x.messagedate }));
    }
    return undefined;
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', base);
    const path = url.pathname;
    requests.push({ method: req.method ?? 'GET', path });
    const failure = failures.shift();
    if (failure) return send(res, failure.status, failure.body ?? { title: 'Error', status: failure.status });
    if (!authorized(req)) return nsError(res, 401, 'INVALID_LOGIN', 'Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.');
    if (garbage > 0) {
      garbage--;
      return send(res, 200, '<html><body>Maintenance</body></html>');
    }
    let m: RegExpMatchArray | null;
    if (path === '/services/rest/query/v1/suiteql' && req.method === 'POST') {
      if (req.headers.prefer !== 'transient') return nsError(res, 400, 'INVALID_HEADER', 'The Prefer: transient header is required for SuiteQL.');
      const q = (await body(req).catch(() => undefined))?.q;
      const rows = typeof q === 'string' ? suiteql(q) : undefined;
      if (!rows) return nsError(res, 400, 'INVALID_PARAMETER', 'Invalid search query. Detailed unprocessed description follows. Search error occurred: Invalid or unsupported search.');
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 1000), 1000);
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const items = rows.slice(offset, offset + limit);
      const hasMore = offset + limit < rows.length;
      const link = (o: number) => ({ rel: 'next', href: `${base}/services/rest/query/v1/suiteql?limit=${limit}&offset=${o}` });
      return send(res, 200, { links: hasMore ? [link(offset + limit)] : [], count: items.length, hasMore, items, offset, totalResults: rows.length });
    }
    if ((m = path.match(/^\/services\/rest\/record\/v1\/invoice\/(\d+)$/)) && req.method === 'GET') {
      const inv = invoices.find((i) => i.id === m![1]);
      if (!inv) return nsError(res, 404, 'NONEXISTENT_ID', 'The record instance does not exist.');
      return send(res, 200, { links: [], id: inv.id, tranId: inv.tranid, entity: { id: inv.entity }, total: inv.total, amountRemaining: inv.remaining, item: { links: [], items: inv.items.map((i) => ({ links: [], item: { id: '1', refName: i.description }, ...i })) } });
    }
    if ((m = path.match(/^\/services\/rest\/record\/v1\/customerPayment\/eid:(.+)$/)) && req.method === 'GET') {
      const p = payments.find((x) => x.externalId === decodeURIComponent(m![1]!));
      return p ? send(res, 200, { id: p.id, externalId: p.externalId }) : nsError(res, 404, 'NONEXISTENT_ID', 'The record instance does not exist.');
    }
    if (path === '/services/rest/record/v1/customerPayment' && req.method === 'POST') {
      const b = await body(req).catch(() => undefined);
      const apply = (b?.apply?.items ?? []) as { doc?: { id?: string }; apply?: boolean; amount?: number }[];
      if (!b?.customer?.id || typeof b.payment !== 'number' || !apply.length) return nsError(res, 400, 'INVALID_CONTENT', 'Invalid content: customer, payment and apply are required.');
      if (payments.some((p) => p.externalId === b.externalId)) return nsError(res, 400, 'DUP_RCRD', 'A record with this external ID already exists.');
      for (const a of apply) {
        const inv = invoices.find((i) => i.id === a.doc?.id && i.entity === b.customer.id);
        if (!inv || (a.amount ?? 0) > inv.remaining + 0.001) return nsError(res, 400, 'INVALID_CONTENT', `Invalid apply line for document ${a.doc?.id}.`);
      }
      for (const a of apply) {
        const inv = invoices.find((i) => i.id === a.doc!.id)!;
        inv.remaining = Math.round((inv.remaining - (a.amount ?? 0)) * 100) / 100;
        if (inv.remaining <= 0) inv.status = 'B';
      }
      const id = String(nextId++);
      payments.push({ id, externalId: b.externalId, customer: b.customer.id, payment: b.payment, apply: apply.map((a) => ({ doc: a.doc!.id!, amount: a.amount ?? 0 })) });
      return send(res, 204, undefined, { location: `${base}/services/rest/record/v1/customerPayment/${id}` });
    }
    if (path === '/services/rest/record/v1/supportCase' && req.method === 'POST') {
      const b = await body(req).catch(() => undefined);
      if (!b?.title || !b?.company?.id) return nsError(res, 400, 'INVALID_CONTENT', 'Invalid content: title and company are required.');
      const id = String(nextId++);
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      cases.push({ id, company: b.company.id, casenumber: String(2000 + cases.length), title: b.title, status: b.status?.id ?? '1', priority: b.priority?.id ?? '2', urgency: b.custevent_gp_urgency ?? null, email: b.email ?? null, incomingmessage: b.incomingMessage ?? '', createddate: now, lastmodifieddate: now });
      return send(res, 204, undefined, { location: `${base}/services/rest/record/v1/supportCase/${id}` });
    }
    if ((m = path.match(/^\/services\/rest\/record\/v1\/supportCase\/(\d+)$/)) && req.method === 'PATCH') {
      const c = cases.find((x) => x.id === m![1]);
      if (!c) return nsError(res, 404, 'NONEXISTENT_ID', 'The record instance does not exist.');
      const b = (await body(req).catch(() => ({}))) ?? {};
      if (b.status?.id) c.status = b.status.id;
      if (b.priority?.id) c.priority = b.priority.id;
      if (b.custevent_gp_urgency) c.urgency = b.custevent_gp_urgency;
      c.lastmodifieddate = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      return send(res, 204);
    }
    if (path === '/services/rest/record/v1/message' && req.method === 'POST') {
      const b = await body(req).catch(() => undefined);
      if (!b?.activity?.id || !b?.message) return nsError(res, 400, 'INVALID_CONTENT', 'Invalid content: activity and message are required.');
      const id = String(nextId++);
      messages.push({ id, activity: b.activity.id, message: b.message, authorname: b.authorName ?? 'NetSuite', incoming: !!b.incoming, messagedate: new Date().toISOString().replace(/\.\d+Z$/, 'Z') });
      return send(res, 204, undefined, { location: `${base}/services/rest/record/v1/message/${id}` });
    }
    return nsError(res, 404, 'NONEXISTENT_ID', 'The record instance does not exist.');
  }

  const server = createServer((req, res) => {
    inFlight++;
    const done = () => inFlight--;
    res.once('finish', done);
    if (inFlight > (options.concurrency ?? 5)) return nsError(res, 429, 'CONCURRENCY_LIMIT_EXCEEDED', 'Concurrent request limit exceeded. Request blocked.');
    void handle(req, res).catch(() => send(res, 500, { title: 'Internal Server Error', status: 500 }));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  function addInvoice(entity: string, partial: Partial<FakeInvoice> & { total: number }): FakeInvoice {
    const id = String(nextId++);
    const inv: FakeInvoice = { id, entity, tranid: `INV${id}`, trandate: iso(new Date()), duedate: iso(new Date(Date.now() + 30 * 86400_000)), status: 'A', currency: 'USD', remaining: partial.total, memo: null, items: [{ description: 'Services', quantity: 1, rate: partial.total, amount: partial.total, tax1Amt: 0 }], ...partial };
    invoices.push(inv);
    return inv;
  }

  const api = {
    baseUrl: `${base}/services/rest`,
    accountId,
    ...creds,
    invoices,
    payments,
    cases,
    requests,
    addInvoice,
    failNext(n: number, failure: { status: number; body?: unknown }) {
      for (let k = 0; k < n; k++) failures.push(failure);
    },
    garbageNext(n: number) {
      garbage += n;
    },
    reset() {
      failures.length = 0;
      garbage = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  if (options.seed === 'demo') {
    const month = (offset: number) => {
      const d = new Date();
      d.setUTCMonth(d.getUTCMonth() + offset, 5);
      return iso(d);
    };
    for (let k = -5; k <= 0; k++) {
      const paid = k < -2;
      addInvoice('108', { tranid: `INV-${2026}${String(40 + k + 6).padStart(3, '0')}`, trandate: month(k), duedate: month(k + 1), total: 987.9 + k * 10, status: paid ? 'B' : 'A', remaining: paid ? 0 : 987.9 + k * 10, items: [{ description: 'Virtual data center AMS1', quantity: 1, rate: 890 + k * 10, amount: 890 + k * 10, tax1Amt: 0 }, { description: 'Site-to-site VPN', quantity: 2, rate: 48.95, amount: 97.9, tax1Amt: 0 }] });
    }
    cases.push({ id: String(nextId++), company: '108', casenumber: '2001', title: 'VPN tunnel drops every night', status: '2', priority: '2', urgency: 'major', email: 'hank@globex.example', incomingmessage: 'The site-to-site tunnel to AMS drops around 02:00 every night.', createddate: new Date(Date.now() - 3 * 86400_000).toISOString().replace(/\.\d+Z$/, 'Z'), lastmodifieddate: new Date(Date.now() - 86400_000).toISOString().replace(/\.\d+Z$/, 'Z') });
  }
  return api;
}

export type NetSuiteFake = Awaited<ReturnType<typeof startNetSuiteFake>>;
