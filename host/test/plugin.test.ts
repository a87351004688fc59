import 'reflect-metadata';
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { definePlugin, resolvePluginConfig, PluginConfigError, PluginDefinitionError } from '../plugin.js';
import { createTestHost } from './helpers.js';
import { StatusProviderToken } from '../ports/status-provider.js';

const base = { id: 'demo', provides: ['StatusProvider'] as const, config: z.object({ url: z.url(), key: z.string().min(1) }), register() {} };

describe('definePlugin', () => {
  test('refuses bad ids, no ports, unknown ports and a missing register with a clear message', () => {
    assert.throws(() => definePlugin({ ...base, id: 'Open Stack' }), PluginDefinitionError);
    assert.throws(() => definePlugin({ ...base, provides: [] }), /provides no port/);
    assert.throws(() => definePlugin({ ...base, provides: ['TeleportProvider' as never] }), /unknown port "TeleportProvider"/);
    assert.throws(() => definePlugin({ ...base, register: undefined as never }), /no register/);
    assert.ok(Object.isFrozen(definePlugin(base)));
    assert.deepEqual(definePlugin({ ...base, provides: ['PaymentGateway', 'ProtectionProvider'] }).provides, ['PaymentGateway', 'ProtectionProvider']);
  });

  test('config: explicit values win over the environment; every problem is listed', () => {
    const plugin = definePlugin({ ...base, fromEnv: (env) => ({ url: env.DEMO_URL, key: env.DEMO_KEY }) });
    assert.deepEqual(resolvePluginConfig(plugin, undefined, { DEMO_URL: 'https://x.example', DEMO_KEY: 'k' }), { url: 'https://x.example', key: 'k' });
    assert.deepEqual(resolvePluginConfig(plugin, { url: 'https://y.example', key: 'e' }, { DEMO_URL: 'https://x.example', DEMO_KEY: 'k' }).url, 'https://y.example');
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
        container.register(StatusProviderToken, { useValue: { source: 'memory', listComponents: async () => [], listNotices: async () => [] } });
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
