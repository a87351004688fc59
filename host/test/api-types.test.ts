// The elements' wire types (elements/core/api-types.ts) are generated from this host's
// OpenAPI document. A route schema changed without regenerating them fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('elements/core/api-types.ts matches the host OpenAPI document', () => {
  // The generator regenerates in memory and compares with the committed file.
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/api-types.mjs', '--check'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  assert.equal(
    run.status,
    0,
    `${run.stderr.trim() || run.stdout.trim()}\nThe element wire types have drifted from the host's route schemas: run \`npm run api-types\` and commit elements/core/api-types.ts.`,
  );
});
