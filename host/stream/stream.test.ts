import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { AddressInfo } from 'node:net';
import { createTestHost, seedTwoTenants, TOKEN_SECRET, waitFor, type TestHost } from '../test/helpers.js';
import { InProcessEventBus } from './in-process-bus.js';
import { streamIdCodec } from './event-ids.js';
import { readEvents } from '../test/sse.js';

/** Waits until `check` holds (polling), failing after the timeout. */
const until = (check: () => Promise<boolean>, timeoutMs = 5000) => waitFor('the condition', check, timeoutMs);

// Under @hono/node-server the stream writes straight to Node's response; without its
// bindings (another runtime, a proxying portal) it goes through Web Streams. Both speak the same protocol.
for (const [mode, passBindings] of [
  ['written straight to Node', true],
  ['through Web Streams', false],
] as const)
  describe(`Server-Sent Events over a real connection, ${mode}`, () => {
    let host: TestHost;
    let base: string;
    let server: ReturnType<typeof serve>;

    before(async () => {
      host = await createTestHost({ heartbeatMs: 100, streams: { maxPerToken: 2 } });
      await seedTwoTenants(host);
      server = serve({ fetch: passBindings ? host.fetch : (req) => host.fetch(req), port: 0, hostname: '127.0.0.1' });
      await new Promise((r) => server.once('listening', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(async () => {
      server.close();
      await host.close();
    });

    test('events reach only their tenant, with ids, topics and heartbeats; the token may come as ?token=', async () => {
      const acme = await host.token('acme');
      const globex = await host.token('globex');
      const acmeRes = await fetch(`${base}/api/v1/stream?token=${acme}&topics=maintenances`);
      const globexRes = await fetch(`${base}/api/v1/stream`, { headers: { authorization: `Bearer ${globex}` } });
      assert.equal(acmeRes.status, 200);
      assert.match(acmeRes.headers.get('content-type') ?? '', /text\/event-stream/);
      const acmeEvents = readEvents(acmeRes, 3, 3000, { heartbeat: true });
      const globexEvents = readEvents(globexRes, 2, 800);
      await Promise.all([acmeEvents.ready, globexEvents.ready]);
      await host.services.bus.publish('acme', 'maintenances', { op: 'remove', id: 'x:1' });
      await host.services.bus.publish('acme', 'servers', { op: 'remove', id: 'ignored-topic' });
      await host.services.bus.publish('acme', 'maintenances', { op: 'remove', id: 'x:2' });
      const a = await acmeEvents;
      assert.deepEqual(
        a.events.map((e) => e.event),
        ['ready', 'maintenances', 'maintenances'],
      );
      assert.deepEqual(
        a.events.slice(1).map((e) => JSON.parse(e.data!).id),
        ['x:1', 'x:2'],
      );
      assert.match(a.events[1]!.id!, /^[A-Za-z0-9_-]{22}$/, 'ids are opaque');
      assert.notEqual(a.events[1]!.id, a.events[2]!.id);
      assert.ok(
        a.comments.some((c) => c.startsWith(': ping')),
        'heartbeat comment sent',
      );
      const g = await globexEvents;
      assert.deepEqual(
        g.events.map((e) => e.event),
        ['ready'],
        'globex saw nothing of acme',
      );
      assert.equal(RESPONSE_ALREADY_SENT.headers.get('vary'), null, "the adapter's shared marker gathers no headers");
    });

    test('Last-Event-ID resumes from the replay log', async () => {
      const token = await host.token('acme');
      const live = readEvents(await fetch(`${base}/api/v1/stream?token=${token}&topics=maintenances`), 2);
      await until(async () => (await host.services.bus.replay('acme', 0)).ok);
      await live.ready;
      await host.services.bus.publish('acme', 'maintenances', { op: 'remove', id: 'r:1' });
      const lastSeen = (await live).events[1]!;
      assert.equal(JSON.parse(lastSeen.data!).id, 'r:1');
      await host.services.bus.publish('globex', 'maintenances', { op: 'remove', id: 'other' });
      await host.services.bus.publish('acme', 'maintenances', { op: 'remove', id: 'r:2' });
      await host.services.bus.publish('acme', 'maintenances', { op: 'remove', id: 'r:3' });
      const res = await fetch(`${base}/api/v1/stream?token=${token}`, { headers: { 'last-event-id': lastSeen.id! } });
      const { events } = await readEvents(res, 3);
      assert.deepEqual(
        events.slice(1).map((e) => JSON.parse(e.data!).id),
        ['r:2', 'r:3'],
      );

      const viaQuery = await fetch(`${base}/api/v1/stream?token=${token}&lastEventId=${lastSeen.id}`);
      assert.deepEqual(
        (await readEvents(viaQuery, 3)).events.slice(1).map((e) => JSON.parse(e.data!).id),
        ['r:2', 'r:3'],
      );
    });

    test('a read tells where the stream stood before it: a stream opened from there gets what came during and after the read, not before', async () => {
      const token = await host.token('acme');
      const first = await host.services.bus.publish('acme', 'maintenances', { op: 'remove', id: 'p:before' });
      // On PostgreSQL the bus learns of its own event through NOTIFY: until then a position is
      // earlier, and the event would come again (a duplicate by design). This test wants it seen.
      await waitFor('the bus to have delivered the first event', () => host.services.bus.position() >= first.id);
      // An event published while the read runs, after its position was taken and before its query.
      const { maintenances } = host.services;
      const listForTenant = maintenances.listForTenant;
      maintenances.listForTenant = async (...args) => {
        await host.services.bus.publish('acme', 'maintenances', { op: 'remove', id: 'p:during' });
        return listForTenant.apply(maintenances, args);
      };
      let read: Response;
      try {
        read = await fetch(`${base}/api/v1/maintenances`, { headers: { authorization: `Bearer ${token}` } });
      } finally {
        maintenances.listForTenant = listForTenant;
      }
      assert.equal(read.status, 200);
      await read.body?.cancel();
      const position = read.headers.get('glasspane-stream-position');
      assert.match(position ?? '', /^[A-Za-z0-9_-]{22}$/, "an id like the stream's own");
      await host.services.bus.publish('globex', 'maintenances', { op: 'remove', id: 'p:other-tenant' });
      await host.services.bus.publish('acme', 'maintenances', { op: 'remove', id: 'p:after' });

      // A later read's position, listed with the first: the stream resumes from the earlier of the two.
      const later = await fetch(`${base}/api/v1/maintenances`, { headers: { authorization: `Bearer ${token}` } });
      await later.body?.cancel();
      const latest = later.headers.get('glasspane-stream-position');
      assert.notEqual(latest, position, 'events came between the two reads');
      for (const from of [position, `${latest},${position}`]) {
        const res = await fetch(`${base}/api/v1/stream?token=${token}&topics=maintenances&lastEventId=${from}`);
        const { events } = await readEvents(res, 3);
        assert.deepEqual(
          events.map((e) => (e.event === 'maintenances' ? JSON.parse(e.data!).id : e.event)),
          ['ready', 'p:during', 'p:after'],
        );
      }

      const refused = await fetch(`${base}/api/v1/maintenances`);
      assert.equal(refused.status, 401);
      assert.equal(refused.headers.get('glasspane-stream-position'), null, 'no position without a tenant');
      await refused.body?.cancel();
    });

    test("an id the log no longer reaches, or another tenant's id, gets a reset event", async () => {
      const token = await host.token('acme');
      const ids = streamIdCodec(TOKEN_SECRET);
      for (const id of [ids.encode(999999, 'acme'), ids.encode(1, 'globex')]) {
        const res = await fetch(`${base}/api/v1/stream?token=${token}&lastEventId=${id}`);
        const { events } = await readEvents(res, 2);
        assert.deepEqual(
          events.map((e) => e.event),
          ['ready', 'reset'],
        );
      }
    });

    test('a topic reaches only tokens that may read it over REST, live and on replay', async () => {
      const technical = await host.token('acme', ['technical']);
      const billing = await host.token('acme', ['billing']);
      const denied = await fetch(`${base}/api/v1/stream?token=${technical}&topics=billing`);
      assert.equal(denied.status, 403);
      assert.match(((await denied.json()) as any).errors[0].detail, /"customer" or "billing" or "staff"/);
      const techLive = readEvents(await fetch(`${base}/api/v1/stream?token=${technical}`), 3, 1500);
      const billLive = readEvents(await fetch(`${base}/api/v1/stream?token=${billing}`), 3);
      await Promise.all([techLive.ready, billLive.ready]);
      await host.services.bus.publish('acme', 'billing', { op: 'upsert', data: { type: 'payments', id: 'p1' } });
      await host.services.bus.publish('acme', 'servers', { op: 'remove', id: 's1' });
      const tech = await techLive;
      assert.deepEqual(
        tech.events.map((e) => e.event),
        ['ready', 'servers'],
        'no billing event for a technical token',
      );
      const bill = await billLive;
      assert.deepEqual(
        bill.events.map((e) => e.event),
        ['ready', 'billing', 'servers'],
      );
      // Replaying from before the payment: the technical token still gets only servers.
      const from = bill.events[1]!.id!;
      const before = await fetch(`${base}/api/v1/stream?token=${billing}&lastEventId=${from}`).then((res) => readEvents(res, 2));
      assert.deepEqual(
        before.events.map((e) => e.event),
        ['ready', 'servers'],
      );
      const ids = streamIdCodec(TOKEN_SECRET);
      const replayAll = await fetch(`${base}/api/v1/stream?token=${technical}&lastEventId=${ids.encode(0, 'acme')}`).then((res) =>
        readEvents(res, 30, 800),
      );
      assert.ok(replayAll.events.some((e) => e.event === 'servers'));
      assert.ok(!replayAll.events.some((e) => e.event === 'billing'), 'nor on replay');
    });

    test('one token may hold only so many streams; closing one frees its place', async () => {
      const token = await host.token('globex');
      const controllers = [new AbortController(), new AbortController()];
      const open = await Promise.all(controllers.map((ctl) => fetch(`${base}/api/v1/stream?token=${token}`, { signal: ctl.signal })));
      assert.deepEqual(
        open.map((r) => r.status),
        [200, 200],
      );
      const third = await fetch(`${base}/api/v1/stream?token=${token}`);
      assert.equal(third.status, 429);
      assert.equal(((await third.json()) as any).errors[0].code, 'too_many_streams');
      assert.ok(Number(third.headers.get('retry-after')) > 0);
      assert.equal(
        await fetch(`${base}/api/v1/stream?token=${await host.token('globex')}`).then(async (r) => (await r.body?.cancel(), r.status)),
        200,
        'another token is not affected',
      );
      controllers[0]!.abort();
      await until(async () => {
        const res = await fetch(`${base}/api/v1/stream?token=${token}`);
        await res.body?.cancel().catch(() => {});
        return res.status === 200;
      });
      controllers[1]!.abort();
    });

    test('a token that runs out ends each of its streams with an expired event', async () => {
      const token = await host.token('acme', ['customer'], { ttlSeconds: 2 });
      const streams = await Promise.all([0, 1].map(() => fetch(`${base}/api/v1/stream?token=${token}`)));
      for (const { events } of await Promise.all(streams.map((res) => readEvents(res, 2, 5000)))) {
        assert.deepEqual(
          events.map((e) => e.event),
          ['ready', 'expired'],
        );
      }
    });

    test("a registered origin may read the stream across origins (CORS), with the stream's headers", async () => {
      const token = await host.token('acme');
      const res = await fetch(`${base}/api/v1/stream?token=${token}`, { headers: { origin: 'https://portal.acme.example' } });
      assert.equal(res.headers.get('access-control-allow-origin'), 'https://portal.acme.example');
      assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
      assert.match(res.headers.get('cache-control') ?? '', /^no-cache/);
      await res.body?.cancel();
    });

    test('no token, a bad token or a bad lastEventId are JSON:API errors, not streams', async () => {
      let res = await fetch(`${base}/api/v1/stream`);
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('content-type'), 'application/vnd.api+json');
      res = await fetch(`${base}/api/v1/stream?token=nope`);
      assert.equal(res.status, 401);
      res = await fetch(`${base}/api/v1/stream?token=${await host.token('acme')}&lastEventId=abc`);
      assert.equal(res.status, 400);
    });
  });

describe('in-process event bus', () => {
  test('replays after an id, per tenant, and reports a gap past its capacity', async () => {
    const bus = new InProcessEventBus({ capacity: 3 });
    const e1 = await bus.publish('a', 't', 1);
    await bus.publish('b', 't', 2);
    const e3 = await bus.publish('a', 't', 3);
    let replay = await bus.replay('a', e1.id);
    assert.ok(replay.ok);
    assert.deepEqual(
      replay.events.map((e) => e.data),
      [3],
    );
    await bus.publish('a', 't', 4);
    await bus.publish('a', 't', 5);
    replay = await bus.replay('a', e1.id);
    assert.equal(replay.ok, false, 'e2 fell out of the log: the client must refetch');
    replay = await bus.replay('a', e3.id);
    assert.ok(replay.ok);
    assert.deepEqual(
      replay.events.map((e) => e.data),
      [4, 5],
    );
    assert.equal((await bus.replay('a', 100)).ok, false, 'an id from the future is not trusted');
  });

  test('a throwing listener does not stop delivery to others', async () => {
    const bus = new InProcessEventBus();
    const seen: unknown[] = [];
    bus.subscribe(() => {
      throw new Error('broken connection');
    });
    const off = bus.subscribe((e) => seen.push(e.data));
    await bus.publish('a', 't', 'x');
    off();
    await bus.publish('a', 't', 'y');
    assert.deepEqual(seen, ['x']);
  });
});
