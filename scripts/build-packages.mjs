#!/usr/bin/env node
// Builds the published packages from this tree: `@glasspane/elements` (elements/),
// `@glasspane/host` (host/) and `@glasspane/plugins` (plugins/). Each gets ESM JavaScript,
// declarations and source maps in <folder>/dist (tsc with the folder's tsconfig.build.json),
// and a copy of LICENSE, NOTICE and CHANGELOG.md, which npm packs from the package's folder
// only. The demo and the tests run from the TypeScript sources and need none of this.
//
//   node scripts/build-packages.mjs [elements|host|plugins …]   build (default: all three)
//   node scripts/build-packages.mjs --pack [dir]                 `npm pack --workspaces` into dir
//                                                                (default dist/packages)
//
// Each package's `prepack` runs the first form for itself, so `npm pack --workspaces` (and
// `npm publish`) always pack a fresh build.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES = ['elements', 'host', 'plugins'];
const SHARED_FILES = ['LICENSE', 'NOTICE', 'CHANGELOG.md'];

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  return result;
}

/** Files besides modules: the elements' custom-elements.json, the PCI DSS checklist content the host reads at run time. */
function copyAssets(folder) {
  // The elements' manifest (generated at the root by `npm run manifest`, its paths already
  // the shipped dist/… JavaScript) for editors and partners' tooling: package.json names it.
  if (folder === 'elements') copyFileSync(join(root, 'custom-elements.json'), join(root, 'elements/custom-elements.json'));
  if (folder !== 'host') return;
  const from = join(root, 'host/features/pci/content');
  cpSync(from, join(root, 'host/dist/features/pci/content'), { recursive: true, filter: (p) => !p.endsWith('.ts') });
}

export function build(folder) {
  if (!PACKAGES.includes(folder)) throw new Error(`Unknown package folder "${folder}": one of ${PACKAGES.join(', ')}`);
  // The plugins compile against the host's declarations, as a partner's plugin does.
  if (folder === 'plugins' && !existsSync(join(root, 'host/dist/index.d.ts'))) build('host');
  const started = Date.now();
  rmSync(join(root, folder, 'dist'), { recursive: true, force: true });
  run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(folder, 'tsconfig.build.json')]);
  copyAssets(folder);
  for (const file of SHARED_FILES) copyFileSync(join(root, file), join(root, folder, file));
  console.log(`built ${folder}/dist in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** Packs the three workspaces (each builds itself in `prepack`); returns the tarballs' paths. */
export function pack(destination = join(root, 'dist/packages')) {
  mkdirSync(destination, { recursive: true });
  for (const name of readdirSync(destination)) if (name.endsWith('.tgz')) rmSync(join(destination, name));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  run(npm, ['pack', '--workspaces', '--pack-destination', destination, '--silent', '--foreground-scripts'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const tarballs = readdirSync(destination)
    .filter((n) => n.endsWith('.tgz'))
    .map((n) => join(destination, n));
  console.log(`packed:\n${tarballs.map((t) => `  ${relative(process.cwd(), t)}`).join('\n')}`);
  return tarballs;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  if (args[0] === '--pack') pack(args[1] ? resolve(args[1]) : undefined);
  else for (const folder of args.length ? args : PACKAGES) build(folder);
}
