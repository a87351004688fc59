// The test files under a folder (`*.test.ts`, node_modules left out), for the test scripts.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function findTests(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : findTests(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}
