// The plugin boundary: a plugin imports the host only through its public entry, by package
// name (`@glasspane/host`, which is host/index.ts here and the built host in the published
// `@glasspane/plugins`). Every other host module is internal and may change without notice, so
// a plugin that reaches into one breaks silently; and a relative path into host/ would leave
// the package without its host once published.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const hostDir = join(root, 'host');
const testKit = join(hostDir, 'test', 'helpers.ts');
/** The conformance suites plugin authors run (`@glasspane/host/testing`). */
const testingEntry = join(hostDir, 'testing.ts');

/** Every `from '…'`, `import '…'` and `import('…')` specifier, with its line number. */
function importSpecifiers(source: string): { specifier: string; line: number }[] {
  const found: { specifier: string; line: number }[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(?\s*)(['"])([^'"\n]+)\1/g;
  for (const match of source.matchAll(pattern)) {
    found.push({ specifier: match[2]!, line: source.slice(0, match.index).split('\n').length });
  }
  return found;
}

/** Why `specifier`, imported by `file`, crosses the boundary; undefined when it does not. */
function boundaryViolation(file: string, specifier: string): string | undefined {
  if (specifier === '@glasspane/host') return undefined;
  if (specifier === '@glasspane/host/testing') return /\.test\.ts$/.test(file) ? undefined : "the host's test suites outside a test";
  if (specifier.startsWith('@glasspane/host/')) return 'a host module other than the public entry';
  if (specifier === 'glasspane/host' || specifier.startsWith('glasspane/host/')) return "the host's old name: import '@glasspane/host'";
  if (!specifier.startsWith('.')) return undefined;
  const target = resolve(dirname(file), specifier).replace(/\.js$/, '.ts');
  if (target !== hostDir && !target.startsWith(hostDir + '/')) return undefined;
  // A plugin's own tests may start a real host with the host's test kit (in-memory SQLite, or
  // a PostgreSQL schema of their own); the plugin's code may not.
  if ((target === testKit || target === testingEntry) && /\.test\.ts$/.test(file)) return undefined;
  return "a path into host/: import '@glasspane/host'";
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : tsFiles(path);
    return /\.(ts|mts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

test('the boundary check tells the public entry from deep host paths', () => {
  const file = join(root, 'plugins/demo/index.ts');
  assert.equal(boundaryViolation(file, '@glasspane/host'), undefined);
  assert.ok(boundaryViolation(file, '../../host/index.js'), 'the public entry by path would not survive publishing');
  assert.ok(boundaryViolation(file, 'glasspane/host'));
  assert.equal(boundaryViolation(file, './client.js'), undefined);
  assert.equal(boundaryViolation(file, 'zod'), undefined);
  assert.ok(boundaryViolation(file, '../../host/errors.js'));
  assert.ok(boundaryViolation(file, '../../host/features/billing/validation.js'));
  assert.ok(boundaryViolation(file, '@glasspane/host/container'));
  assert.equal(
    boundaryViolation(join(root, 'plugins/demo/demo.test.ts'), '../../host/test/helpers.js'),
    undefined,
    "a plugin's tests may use the host's test kit",
  );
  assert.ok(boundaryViolation(file, '../../host/test/helpers.js'), "a plugin's code may not");
  assert.equal(
    boundaryViolation(join(root, 'plugins/demo/demo.test.ts'), '@glasspane/host/testing'),
    undefined,
    "a plugin's tests may run the conformance suites",
  );
  assert.ok(boundaryViolation(file, '@glasspane/host/testing'), 'its code may not');
  assert.deepEqual(
    importSpecifiers(
      `import { a } from '../../host/index.js';\nimport type {\n  B,\n} from "../../host/db/schema.js";\nexport * from './x.js';\nconst m = await import('../../host/container.js');\nimport 'reflect-metadata';`,
    ).map((i) => `${i.line}:${i.specifier}`),
    ['1:../../host/index.js', '4:../../host/db/schema.js', '5:./x.js', '6:../../host/container.js', '7:reflect-metadata'],
  );
});

test('every plugin imports the host only as @glasspane/host', () => {
  const files = tsFiles(join(root, 'plugins'));
  assert.ok(files.length > 20, `scanned the plugins (${files.length} files)`);
  const offending = files.flatMap((file) =>
    importSpecifiers(readFileSync(file, 'utf8'))
      .map(({ specifier, line }) => ({ where: `${relative(root, file)}:${line}`, specifier, why: boundaryViolation(file, specifier) }))
      .filter((i) => i.why),
  );
  assert.equal(
    offending.length,
    0,
    `Plugins must import the host only as '@glasspane/host' (host/index.ts); export what they need there instead.\n` +
      `${offending.length} deep import(s):\n${offending.map((i) => `  ${i.where}  '${i.specifier}'`).join('\n')}`,
  );
});
