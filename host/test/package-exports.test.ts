// The import paths the docs promise (`@glasspane/elements`, `@glasspane/elements/<name>`,
// `@glasspane/elements/classes`, `@glasspane/host`, `@glasspane/plugins/<id>`) are in the
// workspaces' exports maps, and each points at what its package's build emits. The packed
// and installed packages are tested end to end in packages.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');
const packageJson = (folder: string) =>
  JSON.parse(read(`${folder}/package.json`)) as {
    name: string;
    version: string;
    exports: Record<string, { types: string; default: string } | string>;
    sideEffects: boolean | string[];
    files: string[];
  };
/** The entries tsc builds (tsconfig.build.json's `files`, comments allowed in the file). */
const buildEntries = (folder: string) =>
  (JSON.parse(read(`${folder}/tsconfig.build.json`).replace(/^\s*\/\/.*$/gm, '')) as { files: string[] }).files;
const folders = (dir: string, entry: (name: string) => string) =>
  readdirSync(new URL(`${dir}/`, root), { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'dist' && existsSync(new URL(`${dir}/${d.name}/${entry(d.name)}`, root)))
    .map((d) => d.name);

/** Every export's JavaScript comes from a build entry, with its declarations beside it. */
function assertExportsBuilt(folder: string) {
  const pkg = packageJson(folder);
  const entries = buildEntries(folder);
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (subpath === './package.json') continue;
    assert.ok(typeof target === 'object', `${pkg.name} ${subpath} names its types and its JavaScript`);
    assert.match(target.default, /^\.\/dist\/.+\.js$/, `${pkg.name} ${subpath} points at built JavaScript`);
    assert.equal(target.types, target.default.replace(/\.js$/, '.d.ts'), `${pkg.name} ${subpath}: declarations beside the JavaScript`);
    const source = target.default.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts');
    assert.ok(entries.includes(source), `${pkg.name} ${subpath}: ${folder}/${source} is an entry of ${folder}/tsconfig.build.json`);
    assert.ok(existsSync(new URL(`${folder}/${source}`, root)), `${folder}/${source} exists`);
  }
  // The elements also ship their custom-elements.json (editors and framework tooling read it).
  const shipped = ['CHANGELOG.md', 'LICENSE', 'NOTICE', ...(folder === 'elements' ? ['custom-elements.json'] : []), 'dist'];
  assert.deepEqual(
    pkg.files.filter((f) => !f.startsWith('!')).sort(),
    shipped,
    `${pkg.name} packs its build, the legal files and nothing else`,
  );
  return pkg;
}

test('@glasspane/elements: the main entry registers every tag, one subpath per element, classes without tags', () => {
  const elements = folders('elements', (name) => `${name}.ts`);
  assert.ok(elements.includes('invoice-list') && elements.length >= 16, `found the element modules: ${elements.join(', ')}`);
  const pkg = assertExportsBuilt('elements');
  assert.deepEqual(pkg.exports['.'], { types: './dist/all.d.ts', default: './dist/all.js' });
  assert.deepEqual(pkg.exports['./classes'], { types: './dist/index.d.ts', default: './dist/index.js' });
  const missing = elements.filter((name) => !pkg.exports[`./${name}`]);
  assert.deepEqual(missing, [], `elements without an export: ${missing.join(', ')}`);
  // A module that registers a tag, a translation or the kit's registry must survive a
  // bundler's tree-shaking even when nothing is imported from it.
  assert.ok(Array.isArray(pkg.sideEffects));
  // `*messages.js`: an element's `messages.js` and its chart readout's `readout-messages.js` alike.
  for (const file of ['./dist/all.js', './dist/index.js', './dist/*/*messages.js', ...elements.map((n) => `./dist/${n}/${n}.js`)]) {
    assert.ok(pkg.sideEffects.includes(file), `sideEffects lists ${file}`);
    // The served kit is bundled from the sources: without them listed too, vite drops every registration.
    const source = file.replace('./dist/', './').replace(/\.js$/, '.ts');
    assert.ok(pkg.sideEffects.includes(source), `sideEffects lists ${source}`);
  }
  const all = read('elements/all.ts');
  const untyped = elements.filter((name) => !all.includes(`export type {} from './${name}/${name}.js';`));
  assert.deepEqual(untyped, [], `@glasspane/elements brings every tag's types: missing ${untyped.join(', ')}`);
});

test('@glasspane/plugins: one subpath per plugin, the host a peer', () => {
  const pkg = assertExportsBuilt('plugins');
  const plugins = folders('plugins', () => 'index.ts').filter((name) => name !== 'example-backups');
  assert.ok(plugins.includes('openstack') && plugins.includes('local'), `found the plugins: ${plugins.join(', ')}`);
  assert.deepEqual(
    Object.keys(pkg.exports)
      .filter((k) => k !== './package.json')
      .sort(),
    plugins.map((p) => `./${p}`).sort(),
  );
  assert.equal(
    (JSON.parse(read('plugins/package.json')) as { peerDependencies: Record<string, string> }).peerDependencies['@glasspane/host'],
    `^${pkg.version}`,
  );
});

test('@glasspane/host: one entry, the public API', () => {
  const pkg = assertExportsBuilt('host');
  assert.deepEqual(
    Object.keys(pkg.exports).sort(),
    ['.', './package.json', './testing'],
    'the public API, and the conformance suites plugin authors run',
  );
  const versions = ['elements', 'host', 'plugins'].map((f) => packageJson(f).version);
  assert.deepEqual(new Set(versions).size, 1, `the three packages share one version: ${versions.join(', ')}`);
});

test('@glasspane/host is the public API a plugin needs: every port with its token, core tokens, errors, HTTP helpers', async () => {
  const host: Record<string, unknown> = await import('@glasspane/host');
  const expected = [
    'createHost',
    'serveHost',
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
  assert.deepEqual(missing, [], `@glasspane/host lacks: ${missing.join(', ')}`);
  assert.equal(host.PaymentGatewayToken, Symbol.for('glasspane.PaymentGateway'));
  assert.equal(host.ProtectionProviderToken, Symbol.for('glasspane.ProtectionProvider'));
});
