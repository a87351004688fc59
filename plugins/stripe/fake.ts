/**
 * A loopback Stripe API (v1) for tests and the demo, written from Stripe's API reference:
 * form bodies with bracket notation, `Authorization: Bearer sk_test_…`, `Stripe-Version`
 * checked and echoed, `Idempotency-Key` (a replay answers the first result with
 * `Idempotent-Replayed: true`; other parameters under the same key are a 400
 * `idempotency_error`; keys live 24 h), `{error:{type,code,decline_code,message,param}}`
 * errors (402 for card errors), cursor lists, eventually consistent `/search`, and signed
 * webhook events that can be held back, repeated and reordered.
 *
 * Test controls live under `/__fake/…` (and as methods on the returned object): what
 * Stripe.js does in the customer's browser, a bank debit settling, the next calls failing
 * (429, 500, a lost response) and the charges made, which is what tests assert on.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeForm, type Decoded } from './form.js';
import { invalid, missing, StripeFailure, StripeWorld, str, type Obj } from './fake-world.js';
import { searchQuery } from './fake-search.js';

export { TEST_METHODS, ZERO_DECIMAL, MINIMUM } from './fake-world.js';

/** The API version the fake's account defaults to (the version stripe-node pins today). */
export const FAKE_ACCOUNT_API_VERSION = '2026-08-26.dahlia';
const IDEMPOTENCY_TTL_MS = 24 * 3600_000;

export interface StripeFakeOptions {
  port?: number;
  secretKey?: string;
  publishableKey?: string;
  /** Where events go, signed with `secret` (`whsec_…`). */
  webhook?: { url: string; secret: string };
  /** `manual`: events wait in `pendingEvents` until `deliver()`; default `immediate`. */
  delivery?: 'immediate' | 'manual';
  /** The fake's clock (ms). */
  now?: () => number;
  /** How long new objects stay out of `/search` results. Default 1 s. */
  searchLagMs?: number;
  apiVersion?: string;
}

type Injected = { status: number; shouldRetry?: boolean; drop?: boolean };
interface Saved {
  fingerprint: string;
  status: number;
  body: string;
  requestId: string;
  at: number;
}
export interface FakeRequest {
  method: string;
  path: string;
  query: string;
  stripeVersion: string | null;
  idempotencyKey: string | null;
  params: Record<string, Decoded>;
  replayed: boolean;
}

export async function startStripeFake(options: StripeFakeOptions = {}) {
  const now = options.now ?? Date.now;
  const secretKey = options.secretKey ?? `sk_test_${randomBytes(12).toString('hex')}`;
  const publishableKey = options.publishableKey ?? `pk_test_${randomBytes(12).toString('hex')}`;
  const accountVersion = options.apiVersion ?? FAKE_ACCOUNT_API_VERSION;
  const requests: FakeRequest[] = [];
  const injected: Injected[] = [];
  const saved = new Map<string, Saved>();
  const pendingEvents: Obj[] = [];
  const deliveries: { eventId: string; type: string; status: number }[] = [];
  let delivering: Promise<void> = Promise.resolve();

  const world = new StripeWorld({
    now,
    searchLagMs: options.searchLagMs ?? 1_000,
    apiVersion: accountVersion,
    onEvent: (event) => {
      if (!options.webhook) return;
      if (options.delivery === 'manual') pendingEvents.push(event);
      else send(event);
    },
  });

  /** Posts one event the way Stripe does: raw JSON, `Stripe-Signature: t=…,v1=…`. */
  function send(event: Obj, signAt = Math.floor(now() / 1000)) {
    const hook = options.webhook!;
    const body = JSON.stringify(event, null, 2);
    const v1 = createHmac('sha256', hook.secret).update(`${signAt}.${body}`).digest('hex');
    delivering = delivering.then(async () => {
      const res = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'stripe-signature': `t=${signAt},v1=${v1}`,
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        },
        body,
      }).catch(() => null);
      await res?.body?.cancel();
      deliveries.push({ eventId: event.id as string, type: event.type as string, status: res?.status ?? 0 });
    });
  }

  const maps: Record<string, Map<string, Obj>> = {
    cus: world.customers,
    pm: world.paymentMethods,
    seti: world.setupIntents,
    pi: world.paymentIntents,
    ch: world.charges,
    re: world.refunds,
  };
  const byId = (id: string) => maps[id.split('_')[0]!]?.get(id);

  /** Returns a copy with `expand[]` ids replaced by their objects (one level, as asked). */
  function view(obj: Obj, expand: Decoded | undefined): Obj {
    const out = structuredClone(obj);
    for (const path of Array.isArray(expand) ? expand : []) {
      const key = String(path).replace(/^data\./, '');
      const id = out[key];
      if (typeof id === 'string' && byId(id)) out[key] = structuredClone(byId(id));
    }
    return out;
  }

  /** Stripe's cursor lists: newest first, `limit` 1–100 (default 10), `starting_after`/`ending_before`. */
  function list(items: Obj[], q: Record<string, Decoded>, url: string): Obj {
    const limit = q.limit === undefined ? 10 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalid('Invalid limit: must be an integer between 1 and 100', 'limit');
    const sorted = [...items].reverse();
    let from = 0;
    let to = sorted.length;
    const after = str(q.starting_after);
    const before = str(q.ending_before);
    if (after) {
      const i = sorted.findIndex((x) => x.id === after);
      if (i < 0) throw missing('object', after, 'starting_after');
      from = i + 1;
    }
    if (before) {
      const i = sorted.findIndex((x) => x.id === before);
      if (i < 0) throw missing('object', before, 'ending_before');
      to = i;
      from = Math.max(0, to - limit);
    }
    const page = sorted.slice(from, Math.min(to, from + limit));
    return { object: 'list', url, has_more: before ? from > 0 : from + limit < to, data: page.map((x) => view(x, q.expand)) };
  }

  function search(items: Obj[], q: Record<string, Decoded>, url: string, fields: string[]): Obj {
    const match = searchQuery(str(q.query) ?? '', fields);
    const limit = q.limit === undefined ? 10 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalid('Invalid limit: must be an integer between 1 and 100', 'limit');
    const hits = [...items].reverse().filter((x) => world.searchable(x.id as string) && match(x));
    const offset = q.page ? Number(Buffer.from(String(q.page), 'base64url').toString()) : 0;
    const page = hits.slice(offset, offset + limit);
    const more = offset + limit < hits.length;
    return {
      object: 'search_result',
      url,
      has_more: more,
      next_page: more ? Buffer.from(String(offset + limit)).toString('base64url') : null,
      data: page.map((x) => view(x, q.expand)),
    };
  }

  function route(method: string, path: string, p: Record<string, Decoded>, req: { id: string; idempotency_key: string | null }): Obj {
    const seg = path.split('/').filter(Boolean).slice(1);
    const [res, id, action] = seg;
    const get = method === 'GET';
    const ex = p.expand;
    switch (res) {
      case 'customers':
        if (!id) return get ? list([...world.customers.values()], p, '/v1/customers') : world.createCustomer(p);
        if (id === 'search' && get) return search([...world.customers.values()], p, '/v1/customers/search', ['email', 'name', 'metadata']);
        if (action === 'payment_methods' && get) {
          world.get(world.customers, 'customer', id);
          return list(
            [...world.paymentMethods.values()].filter((m) => m.customer === id && (!p.type || m.type === p.type)),
            p,
            `/v1/customers/${id}/payment_methods`,
          );
        }
        if (!action) return get ? view(world.get(world.customers, 'customer', id), ex) : world.updateCustomer(id, p);
        break;
      case 'setup_intents':
        if (!id && !get) return view(world.createSetupIntent(p), ex);
        if (id && !action && get) return view(world.get(world.setupIntents, 'setup_intent', id), ex);
        break;
      case 'payment_methods':
        if (!id && get) {
          const customer = str(p.customer);
          if (!customer) throw invalid('Missing required param: customer.', 'customer');
          return list(
            [...world.paymentMethods.values()].filter((m) => m.customer === customer && (!p.type || m.type === p.type)),
            p,
            '/v1/payment_methods',
          );
        }
        if (id && !action && get) return world.get(world.paymentMethods, 'payment_method', id);
        if (id && action === 'detach' && !get) return world.detach(id);
        break;
      case 'payment_intents':
        if (!id)
          return get
            ? list(
                [...world.paymentIntents.values()].filter((x) => !p.customer || x.customer === p.customer),
                p,
                '/v1/payment_intents',
              )
            : view(world.createPaymentIntent(p, req), ex);
        if (id === 'search' && get)
          return search([...world.paymentIntents.values()], p, '/v1/payment_intents/search', [
            'status',
            'customer',
            'currency',
            'amount',
            'metadata',
          ]);
        if (!action && get) return view(world.get(world.paymentIntents, 'payment_intent', id), ex);
        if (action === 'cancel' && !get) return view(world.cancelPaymentIntent(id, p, req), ex);
        break;
      case 'charges':
        if (!id && get)
          return list(
            [...world.charges.values()].filter(
              (c) => (!p.customer || c.customer === p.customer) && (!p.payment_intent || c.payment_intent === p.payment_intent),
            ),
            p,
            '/v1/charges',
          );
        if (id && get) return world.get(world.charges, 'charge', id);
        break;
      case 'refunds':
        if (!id && !get) return world.createRefund(p, req);
        if (!id && get)
          return list(
            [...world.refunds.values()].filter((r) => !p.payment_intent || r.payment_intent === p.payment_intent),
            p,
            '/v1/refunds',
          );
        if (id && get) return world.get(world.refunds, 'refund', id);
        break;
      case 'events':
        if (!id && get)
          return list(
            world.events.filter((e) => !p.type || e.type === p.type),
            p,
            '/v1/events',
          );
        if (id && get)
          return (
            world.events.find((e) => e.id === id) ??
            (() => {
              throw missing('event', id);
            })()
          );
        break;
    }
    throw new StripeFailure(404, {
      type: 'invalid_request_error',
      message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    });
  }

  function reply(res: ServerResponse, status: number, body: string, headers: Record<string, string>) {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-cache, no-store', ...headers });
    res.end(body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString();
    if (url.pathname.startsWith('/__fake/')) return control(method, url.pathname, raw, res);

    const requestId = `req_${randomBytes(7).toString('hex')}`;
    const headers: Record<string, string> = { 'request-id': requestId };
    const idemKey = method === 'POST' ? ((req.headers['idempotency-key'] as string | undefined) ?? null) : null;
    const version = (req.headers['stripe-version'] as string | undefined) ?? null;
    const fail = (status: number, error: Obj) =>
      reply(
        res,
        status,
        JSON.stringify({ error: { ...error, request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}` } }, null, 2),
        headers,
      );
    const params = method === 'GET' || method === 'DELETE' ? decodeForm(url.searchParams) : decodeForm(raw);
    const record: FakeRequest = {
      method,
      path: url.pathname,
      query: url.search,
      stripeVersion: version,
      idempotencyKey: idemKey,
      params,
      replayed: false,
    };
    requests.push(record);

    const inject = injected.shift();
    if (inject && !inject.drop) {
      if (inject.shouldRetry !== undefined) headers['stripe-should-retry'] = String(inject.shouldRetry);
      return inject.status === 429
        ? fail(429, {
            type: 'rate_limit_error',
            code: 'rate_limit',
            message: 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.',
          })
        : fail(inject.status, { type: 'api_error', message: 'An unknown error occurred.' });
    }

    const auth = req.headers.authorization ?? '';
    const key = auth.startsWith('Bearer ')
      ? auth.slice(7)
      : auth.startsWith('Basic ')
        ? Buffer.from(auth.slice(6), 'base64').toString().split(':')[0]!
        : '';
    if (!key)
      return fail(401, {
        type: 'invalid_request_error',
        message:
          "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
      });
    if (key !== secretKey)
      return fail(401, {
        type: 'invalid_request_error',
        message: `Invalid API Key provided: ${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`,
      });
    if (version && !/^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/.test(version))
      return fail(400, { type: 'invalid_request_error', message: `Invalid Stripe API version: ${version}` });
    headers['stripe-version'] = version ?? accountVersion;
    if (method === 'POST' && raw && !/application\/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '')) {
      return fail(400, {
        type: 'invalid_request_error',
        message: 'Invalid request: Stripe accepts form-encoded bodies (Content-Type: application/x-www-form-urlencoded).',
      });
    }

    const slot = idemKey ? `${key}\u0000${idemKey}` : null;
    const fingerprint = `${method} ${url.pathname} ${JSON.stringify(params)}`;
    if (idemKey && idemKey.length > 255)
      return fail(400, { type: 'invalid_request_error', message: 'Idempotency-Key must be at most 255 characters long.' });
    if (slot) {
      const first = saved.get(slot);
      if (first && now() - first.at > IDEMPOTENCY_TTL_MS) saved.delete(slot);
      else if (first) {
        if (first.fingerprint !== fingerprint) {
          return fail(400, {
            type: 'idempotency_error',
            message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idemKey}' if you meant to execute a different request.`,
          });
        }
        record.replayed = true;
        return reply(res, first.status, first.body, {
          ...headers,
          'idempotent-replayed': 'true',
          'original-request': first.requestId,
          'idempotency-key': idemKey!,
        });
      }
    }

    let status = 200;
    let body: string;
    try {
      body = JSON.stringify(route(method, url.pathname, params, { id: requestId, idempotency_key: idemKey }), null, 2);
    } catch (err) {
      if (!(err instanceof StripeFailure)) throw err;
      status = err.status;
      body = JSON.stringify({ error: { ...err.error, request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}` } }, null, 2);
      // Stripe keeps a result only once the endpoint began executing; a refused request may be retried with the key.
      if (!err.executed) return reply(res, status, body, headers);
    }
    if (slot) {
      saved.set(slot, { fingerprint, status, body, requestId, at: now() });
      headers['idempotency-key'] = idemKey!;
    }
    if (inject?.drop) return res.socket?.destroy();
    reply(res, status, body, headers);
  }

  /** Test controls: JSON in, JSON out, no key (loopback only). */
  function control(method: string, path: string, raw: string, res: ServerResponse) {
    const b = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
    const m = /^\/__fake\/(setup_intents|payment_intents)\/([^/]+)\/(confirm|authenticate|settle)$/.exec(path);
    try {
      let out: unknown;
      if (m?.[3] === 'confirm') out = api.confirmSetup(m[2]!, b as never);
      else if (m?.[3] === 'authenticate' && m[1] === 'payment_intents')
        out = api.authenticatePayment(String(b.client_secret ?? ''), b.result !== 'fail');
      else if (m?.[3] === 'authenticate') out = api.authenticateSetup(m[2]!, b.result !== 'fail');
      else if (m?.[3] === 'settle') out = api.settle(m[2]!, b.outcome as never, b.failure_code as string | undefined);
      else if (path === '/__fake/fail_next')
        out = api.failNext(Number(b.status ?? 500), { count: Number(b.count ?? 1), shouldRetry: b.should_retry as boolean | undefined });
      else if (path === '/__fake/drop_next_response') out = api.dropNextResponse();
      else if (path === '/__fake/charges' && method === 'GET') out = api.chargesMade();
      else throw new StripeFailure(404, { message: `No test control ${method} ${path}` });
      reply(res, 200, JSON.stringify(out ?? { ok: true }), {});
    } catch (err) {
      if (!(err instanceof StripeFailure)) throw err;
      reply(res, err.status, JSON.stringify({ error: err.error }), {});
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => reply(res, 500, JSON.stringify({ error: { type: 'api_error', message: String(err) } }), {}));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const api = {
    url,
    secretKey,
    publishableKey,
    world,
    requests,
    deliveries,
    pendingEvents,
    /**
     * Stripe.js confirming a SetupIntent in the customer's browser with what they entered:
     * a test card (`pm_card_visa`, `pm_card_chargeDeclined`, `pm_card_authenticationRequired`, …)
     * or `us_bank_account` / `sepa_debit` (with the test account number or IBAN, and the
     * mandate the Payment Element collects). Throws the 402 card error a decline gives.
     */
    confirmSetup(id: string, input: { client_secret: string; payment_method: string; account?: string; mandate?: boolean }): Obj {
      return world.confirmSetupInBrowser(id, {
        client_secret: input.client_secret,
        method: input.payment_method,
        account: input.account,
        mandate: input.mandate ?? true,
      });
    },
    authenticateSetup: (id: string, pass = true) => world.authenticateSetup(id, pass),
    /**
     * Stripe.js's `handleNextAction({clientSecret})` in the customer's browser: the bank's
     * 3-D Secure challenge passed (`pass`) or failed. The client secret names the PaymentIntent.
     */
    authenticatePayment: (clientSecret: string, pass = true) =>
      world.authenticatePayment(clientSecret.split('_secret_')[0]!, clientSecret, pass),
    /** A refund fails at the bank after Stripe accepted it (`refund.failed`, `charge.refund.updated`). */
    failRefund: (id: string, reason?: string) => world.failRefund(id, reason),
    /** A processing bank debit succeeds or fails (the test account decides unless `outcome` is given). */
    settle: (id: string, outcome?: 'succeeded' | 'failed', failureCode?: string) => world.settle(id, outcome, failureCode),
    /** The next `count` API requests answer `status` (429, 500, 503) before executing. */
    failNext(status: number, o: { count?: number; shouldRetry?: boolean } = {}) {
      for (let k = 0; k < (o.count ?? 1); k++) injected.push({ status, shouldRetry: o.shouldRetry ?? (status === 429 ? true : undefined) });
    },
    /** The next request executes, then the connection drops before the answer (a lost response). */
    dropNextResponse() {
      injected.push({ status: 0, drop: true });
    },
    /** Every charge attempt, newest last: what tests assert ("charged once"). */
    chargesMade: (customer?: string) =>
      [...world.charges.values()].filter((c) => !customer || c.customer === customer).map((c) => structuredClone(c)),
    /** Every refund made, newest last: what tests assert ("refunded once"). */
    refundsMade: (paymentIntent?: string) =>
      [...world.refunds.values()].filter((r) => !paymentIntent || r.payment_intent === paymentIntent).map((r) => structuredClone(r)),
    /** Sends the held events (`delivery: 'manual'`), in order, reversed or each twice. */
    deliver(o: { order?: 'as-is' | 'reverse'; repeat?: number } = {}) {
      const batch = pendingEvents.splice(0);
      if (o.order === 'reverse') batch.reverse();
      for (let r = 0; r < (o.repeat ?? 1); r++) for (const e of batch) send(e);
      return api.idle();
    },
    /** Sends one event again, optionally signed at another time (e.g. too old). */
    resend(eventId: string, signAt?: number) {
      const e = world.events.find((x) => x.id === eventId);
      if (!e) throw new Error(`no event ${eventId}`);
      send(e, signAt);
      return api.idle();
    },
    /** Resolves when every webhook sent so far has been answered. */
    idle: () => delivering,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return api;
}

export type StripeFake = Awaited<ReturnType<typeof startStripeFake>>;
