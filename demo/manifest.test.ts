import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

// custom-elements.json and docs/elements.md are generated (`npm run manifest`) but committed,
// because editors, partners' tooling and the docs site read them. This fails when an element
// changed and they were not regenerated.
test('custom-elements.json and docs/elements.md are what the elements give', () => {
  // The analyzer joins --outdir to the working directory: a relative, ignored place.
  const out = 'node_modules/.cache/glasspane-manifest';
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  execFileSync(process.execPath, ['node_modules/@custom-elements-manifest/analyzer/cem.js', 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--outdir', out], { stdio: 'pipe' });
  execFileSync(process.execPath, ['scripts/element-reference.mjs', out], { stdio: 'pipe' });
  for (const file of ['custom-elements.json', 'docs/elements.md']) {
    assert.equal(readFileSync(join(out, file), 'utf8'), readFileSync(file, 'utf8'), `${file} is out of date: run npm run manifest`);
  }
});
