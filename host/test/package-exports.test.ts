// The import paths the docs promise (`glasspane/elements/<name>`, `glasspane/elements/all`,
// `glasspane/host`, `glasspane/plugins/<id>`) resolve through package.json's exports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = new URL('../../', import.meta.url);
const elementDirs = readdirSync(new URL('elements/', root), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(new URL(`elements/${d.name}/${d.name}.ts`, root)))
  .map((d) => d.name);

test('every documented import path resolves to a file', () => {
  assert.ok(elementDirs.includes('usage-gauge') && elementDirs.length >= 15, `found the element modules: ${elementDirs.join(', ')}`);
  const specifiers = ['glasspane/elements', 'glasspane/elements/all', 'glasspane/host', 'glasspane/plugins/openstack', 'glasspane/plugins/local', ...elementDirs.map((d) => `glasspane/elements/${d}`)];
  for (const specifier of specifiers) {
    const file = fileURLToPath(import.meta.resolve(specifier));
    assert.ok(existsSync(file), `${specifier} resolves to ${file}, which exists`);
  }
  assert.match(import.meta.resolve('glasspane/elements/usage-gauge'), /elements\/usage-gauge\/usage-gauge\.ts$/);
});

test('glasspane/host is the public API a plugin needs: every port with its token, core tokens, errors, HTTP helpers', async () => {
  const host: Record<string, unknown> = await import('glasspane/host');
  const expected = [
    'createHost',
    'definePlugin',
    'resolvePluginConfig',
    'PluginConfigError',
    'PluginDefinitionError',
    'ComputeProviderToken',
    'MetricsProviderToken',
    'BillingProviderToken',
    'PaymentGatewayToken',
    'SupportProviderToken',
    'StatusProviderToken',
    'NoticeWriterToken',
    'ProtectionProviderToken',
    'EventSourceToken',
    'DatabaseToken',
    'ClockToken',
    'EventBusToken',
    'ApiError',
    'ProviderError',
    'ValidationError',
    'providerFetch',
    'SessionPool',
    'CircuitBreaker',
  ];
  const missing = expected.filter((name) => host[name] === undefined);
  assert.deepEqual(missing, [], `glasspane/host lacks: ${missing.join(', ')}`);
  assert.equal(host.PaymentGatewayToken, Symbol.for('glasspane.PaymentGateway'));
  assert.equal(host.ProtectionProviderToken, Symbol.for('glasspane.ProtectionProvider'));
});
