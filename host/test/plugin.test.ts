import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import {
  definePlugin,
  loadPlugin,
  resolvePluginConfig,
  ComputeProviderToken,
  DatabaseToken,
  NoticeWriterToken,
  PaymentGatewayToken,
  PluginConfigError,
  PluginDefinitionError,
  StatusProviderToken,
  type CoreServices,
  type StatusProvider,
} from '../index.js';
import { createTestHost } from './helpers.js';

const base = {
  id: 'demo',
  provides: ['StatusProvider'] as const,
  config: z.object({ url: z.url(), key: z.string().min(1) }),
  register() {},
};

describe('definePlugin', () => {
  test('refuses bad ids, no ports, unknown ports and a missing register with a clear message', () => {
    assert.throws(() => definePlugin({ ...base, id: 'Open Stack' }), PluginDefinitionError);
    assert.throws(() => definePlugin({ ...base, provides: [] }), /provides no port/);
    assert.throws(() => definePlugin({ ...base, provides: ['TeleportProvider' as never] }), /unknown port "TeleportProvider"/);
    assert.throws(() => definePlugin({ ...base, register: undefined as never }), /no register/);
    assert.ok(Object.isFrozen(definePlugin(base)));
    assert.deepEqual(definePlugin({ ...base, provides: ['PaymentGateway', 'ProtectionProvider'] }).provides, [
      'PaymentGateway',
      'ProtectionProvider',
    ]);
  });

  test('config: explicit values win over the environment; every problem is listed', () => {
    const plugin = definePlugin({ ...base, fromEnv: (env) => ({ url: env.DEMO_URL, key: env.DEMO_KEY }) });
    assert.deepEqual(resolvePluginConfig(plugin, undefined, { DEMO_URL: 'https://x.example', DEMO_KEY: 'k' }), {
      url: 'https://x.example',
      key: 'k',
    });
    assert.deepEqual(
      resolvePluginConfig(plugin, { url: 'https://y.example', key: 'e' }, { DEMO_URL: 'https://x.example', DEMO_KEY: 'k' }).url,
      'https://y.example',
    );
    try {
      resolvePluginConfig(plugin, undefined, { DEMO_URL: 'not a url' });
      assert.fail('should throw');
    } catch (err) {
      assert.ok(err instanceof PluginConfigError);
      assert.equal(err.issues.length, 2);
      assert.match(err.message, /Plugin "demo" is misconfigured/);
      assert.match(err.message, /url/);
      assert.match(err.message, /key/);
    }
  });

  test('the host registers plugins in its container and refuses a plugin listed twice', async () => {
    let registered = false;
    const plugin = definePlugin({
      ...base,
      id: 'memory',
      config: z.object({}),
      register({ container }) {
        registered = true;
        container.register(StatusProviderToken, {
          useValue: { source: 'memory', listComponents: async () => [], listNotices: async () => [] },
        });
      },
    });
    const host = await createTestHost({ plugins: [plugin] });
    assert.ok(registered);
    assert.deepEqual(host.services.maintenances.sources, ['memory']);
    await host.close();
    await assert.rejects(createTestHost({ plugins: [plugin, plugin] }), /listed twice/);
    await assert.rejects(createTestHost({ plugins: [{ plugin: definePlugin(base), config: { url: 'x' } }] }), PluginConfigError);
  });
});

const statusProvider = (source: string): StatusProvider => ({ source, listComponents: async () => [], listNotices: async () => [] });

describe('provides is enforced', () => {
  const registering = (register: Parameters<typeof definePlugin>[0]['register']) =>
    definePlugin({ ...base, id: 'sneaky', config: z.object({}), register });

  test('registering a port the plugin did not declare is a PluginDefinitionError naming the port, at registration', async () => {
    const sneaky = registering(({ container }) => {
      container.register(StatusProviderToken, { useValue: statusProvider('sneaky') });
      container.register(ComputeProviderToken, { useValue: {} as never });
    });
    await assert.rejects(createTestHost({ plugins: [sneaky] }), (err: unknown) => {
      assert.ok(err instanceof PluginDefinitionError);
      assert.match(err.message, /Plugin "sneaky" registered a ComputeProvider, but its "provides" does not list "ComputeProvider"/);
      assert.match(err.message, /provides: \['StatusProvider', 'ComputeProvider'\]/);
      return true;
    });
    await assert.rejects(loadPlugin(sneaky, {}), /registered a ComputeProvider/);
  });

  test('every way of registering is guarded, a chained one too', async () => {
    const ways: ((c: Parameters<Parameters<typeof registering>[0]>[0]['container']) => unknown)[] = [
      (c) => c.registerInstance(PaymentGatewayToken, {} as never),
      (c) => c.register(StatusProviderToken, { useValue: statusProvider('a') }).register(PaymentGatewayToken, { useValue: {} as never }),
      (c) => c.registerSingleton(PaymentGatewayToken, class {} as never),
    ];
    for (const way of ways) {
      await assert.rejects(
        loadPlugin(
          registering(({ container }) => void way(container)),
          {},
        ),
        /registered a PaymentGateway, but its "provides" does not list "PaymentGateway"/,
      );
    }
  });

  test('declared ports, their NoticeWriter companion and private tokens register as before; the host still reads core tokens for older plugins', async () => {
    const own = Symbol('own');
    let seenDb: unknown;
    const plugin = definePlugin({
      ...base,
      id: 'writer',
      provides: ['StatusProvider', 'PaymentGateway'],
      config: z.object({}),
      register({ container }) {
        seenDb = container.resolve(DatabaseToken);
        container.register(own, { useValue: 'mine' });
        container.register(StatusProviderToken, { useValue: statusProvider('writer') });
        container.register(NoticeWriterToken, { useValue: { source: 'writer' } as never });
        container.register(PaymentGatewayToken, { useValue: { id: 'fake' } as never });
      },
    });
    const host = await createTestHost({ plugins: [plugin] });
    try {
      assert.deepEqual(host.services.maintenances.sources, ['writer']);
      assert.deepEqual(
        host.services.noticeWriters.map((w) => w.source),
        ['writer'],
      );
      assert.equal(seenDb, host.services.db);
    } finally {
      await host.close();
    }
  });
});

describe('needs: the core services a plugin declares', () => {
  test("register gets exactly the services named in needs, the host's own ones", async () => {
    let got: Partial<CoreServices> = {};
    const now = () => new Date('2026-03-04T05:06:07Z');
    const plugin = definePlugin({
      ...base,
      id: 'needy',
      config: z.object({}),
      needs: ['database', 'clock', 'eventBus', 'logger'],
      register({ container, services }) {
        got = services;
        // The typed context offers what was declared.
        assert.equal(services.clock().toISOString(), '2026-03-04T05:06:07.000Z');
        container.register(StatusProviderToken, { useValue: statusProvider('needy') });
      },
    });
    const host = await createTestHost({ plugins: [plugin], now });
    try {
      assert.deepEqual(Object.keys(got).sort(), ['clock', 'database', 'eventBus', 'logger']);
      assert.equal(got.database, host.services.db);
      assert.equal(got.clock, now);
      assert.equal(got.eventBus, host.services.bus);
      for (const level of ['info', 'warn', 'error'] as const) assert.equal(typeof got.logger?.[level], 'function');
    } finally {
      await host.close();
    }
  });

  test('undeclared services are absent; the logger prefixes the plugin id', async (t) => {
    let got: object = {};
    const plugin = definePlugin({
      ...base,
      id: 'frugal',
      config: z.object({}),
      needs: ['clock', 'logger'],
      register({ services }) {
        got = services;
        services.logger.warn('slow answer', 3);
      },
    });
    const warn = t.mock.method(console, 'warn', () => undefined);
    await loadPlugin(plugin, {});
    assert.deepEqual(Object.keys(got).sort(), ['clock', 'logger']);
    assert.equal('database' in got, false);
    assert.deepEqual(
      warn.mock.calls.map((c) => c.arguments),
      [['[glasspane:frugal]', 'slow answer', 3]],
    );
  });

  test('an unknown need fails at definition; a need the caller cannot supply fails at registration', async () => {
    assert.throws(
      () => definePlugin({ ...base, needs: ['filesystem' as never] }),
      /needs unknown service "filesystem". The host offers: database, clock, eventBus, logger/,
    );
    const plugin = definePlugin({ ...base, id: 'db-user', config: z.object({}), needs: ['database'] });
    await assert.rejects(
      loadPlugin(plugin, {}),
      (err: unknown) => err instanceof PluginDefinitionError && /Plugin "db-user" needs "database"/.test(err.message),
    );
  });
});
