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
