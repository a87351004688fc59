import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

// custom-elements.json, docs/elements.md and the framework bindings generated from it
// (elements/react.ts, elements/types/*.ts) are generated (`npm run manifest`) but committed,
// because editors, partners' tooling and the docs site read them. This fails when an element
// changed and they were not regenerated.
test('custom-elements.json, docs/elements.md and the React, JSX and Vue bindings are what the elements give', () => {
  // The analyzer joins --outdir to the working directory: a relative, ignored place.
  const out = 'node_modules/.cache/glasspane-manifest';
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  execFileSync(
    process.execPath,
    [
      'node_modules/@custom-elements-manifest/analyzer/cem.js',
      'analyze',
      '--config',
      'custom-elements-manifest.config.mjs',
      '--outdir',
      out,
    ],
    { stdio: 'pipe' },
  );
  execFileSync(process.execPath, ['scripts/element-reference.mjs', out], { stdio: 'pipe' });
  execFileSync(process.execPath, ['scripts/framework-types.mjs', out], { stdio: 'pipe' });
  for (const file of ['custom-elements.json', 'docs/elements.md', 'elements/react.ts', 'elements/types/jsx.ts', 'elements/types/vue.ts']) {
    assert.equal(readFileSync(join(out, file), 'utf8'), readFileSync(file, 'utf8'), `${file} is out of date: run npm run manifest`);
  }
});

// What a partner's tooling reads from the manifest @glasspane/elements ships: module paths
// that exist in the package (the dist/ JavaScript, not the TypeScript sources), typed event
// details, what each element inherits, and nothing private.
test('custom-elements.json points at the shipped JavaScript, types every event, lists inherited and no private members', () => {
  type Item = { name: string; privacy?: string; type?: { text: string }; inheritedFrom?: { name: string; module?: string } };
  type Declaration = Item & {
    kind: string;
    tagName?: string;
    superclass?: { name: string; module?: string };
    members?: Item[];
    events?: Item[];
    cssParts?: Item[];
    attributes?: Item[];
  };
  const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8')) as {
    modules: { path: string; declarations?: Declaration[]; exports?: unknown[] }[];
  };
  const modules: string[] = [];
  JSON.stringify(manifest, (key, value: unknown) => {
    if ((key === 'path' || key === 'module') && typeof value === 'string') modules.push(value);
    return value;
  });
  const notShipped = [...new Set(modules)].filter(
    (m) => !/^dist\/.+\.js$/.test(m) || !existsSync(`elements/${m.slice('dist/'.length).replace(/\.js$/, '.ts')}`),
  );
  assert.deepEqual(notShipped, [], 'every path is a dist/….js module that the package builds from an elements/ source');

  const elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName);
  assert.ok(elements.length >= 20, `${elements.length} elements`);
  for (const e of elements) {
    for (const event of e.events ?? []) {
      assert.match(event.type?.text ?? '', /^CustomEvent<(?!unknown>|any>).+>$/, `${e.tagName}'s ${event.name} has its detail type`);
    }
    const hidden = [...(e.members ?? []), ...(e.attributes ?? [])].filter(
      (m) => m.privacy === 'private' || m.privacy === 'protected' || /^[#_]/.test(m.name),
    );
    assert.deepEqual(
      hidden.map((m) => m.name),
      [],
      `${e.tagName} lists no private or protected members`,
    );
    if (e.superclass?.name === 'GpElement') {
      const inherited = (e.cssParts ?? []).filter((p) => p.inheritedFrom?.name === 'GpElement').map((p) => p.name);
      assert.ok(
        inherited.includes('retry'),
        `${e.tagName} lists what it inherits from GpElement (the retry part): ${inherited.join(', ')}`,
      );
      assert.equal(e.superclass.module, 'dist/core/base.js');
    }
  }
  const events = elements.flatMap((e) => (e.events ?? []).map((ev) => ev.name));
  assert.ok(events.includes('gp-server-action-requested') && events.includes('gp-invoices-paid'), 'the documented events are there');
});
