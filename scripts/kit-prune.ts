// Removes old versions of the served kit. The build never deletes anything, so a page that
// loaded an earlier version (or an earlier build of this one) keeps finding its chunks; run
// this once no page from before the previous deploy can still be open (a day later, say).
//
//   npm run kit:prune                          keep the current and the previous version
//   npm run kit:prune -- --keep 3              keep the current and the two before it
//   npm run kit:prune -- --stale-chunks        also remove kept versions' chunks their latest build does not use
//   npm run kit:prune -- --dir /srv/kit --dry-run
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const SEMVER = /^(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?$/;

/** Newer first: by major, minor, patch; a release before its pre-releases. */
function newerFirst(a: string, b: string): number {
  const [, ...pa] = SEMVER.exec(a)!;
  const [, ...pb] = SEMVER.exec(b)!;
  for (let i = 0; i < 3; i++) if (Number(pa[i]) !== Number(pb[i])) return Number(pb[i]) - Number(pa[i]);
  if (pa[3] === pb[3]) return 0;
  if (!pa[3]) return -1;
  if (!pb[3]) return 1;
  return pb[3].localeCompare(pa[3], 'en', { numeric: true });
}

function manifestOf(dir: string): { version?: string; files?: Record<string, unknown> } | undefined {
  const file = join(dir, 'kit-manifest.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

export interface PruneOptions {
  /** How many versions stay: the current one and the newest others (default 2). */
  keep?: number;
  /** Also remove chunks a kept version's latest build does not list in its kit-manifest.json. */
  staleChunks?: boolean;
  dryRun?: boolean;
}

/**
 * Prunes the kit folder `dir` (`dist/elements`): version folders beyond `keep`, and the
 * unversioned `chunks/` of a kit built before versions (once a version folder exists).
 * The current version (the one `dir/kit-manifest.json` names) always stays.
 */
export function pruneKit(
  dir: string,
  { keep = 2, staleChunks = false, dryRun = false }: PruneOptions = {},
): { versions: string[]; chunks: string[] } {
  if (!Number.isInteger(keep) || keep < 1) throw new Error('--keep must be 1 or more: the current version always stays.');
  const versions = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && SEMVER.test(d.name))
    .map((d) => d.name)
    .sort(newerFirst);
  const current = manifestOf(dir)?.version ?? versions[0];
  const kept = [...(current ? [current] : []), ...versions.filter((v) => v !== current)].slice(0, keep);
  const removed = { versions: versions.filter((v) => !kept.includes(v)), chunks: [] as string[] };
  const remove = (path: string) => dryRun || rmSync(join(dir, path), { recursive: true, force: true });
  for (const version of removed.versions) remove(version);
  if (versions.length > 0 && existsSync(join(dir, 'chunks'))) {
    removed.versions.push('(unversioned)');
    remove('chunks');
  }
  if (staleChunks) {
    for (const version of kept) {
      const listed = new Set(Object.keys(manifestOf(join(dir, version))?.files ?? {}));
      const chunks = join(dir, version, 'chunks');
      if (listed.size === 0 || !existsSync(chunks)) continue;
      for (const file of readdirSync(chunks)) {
        const chunk = `chunks/${file.replace(/\.(map|br|gz)$/, '')}`;
        if (listed.has(chunk)) continue;
        removed.chunks.push(`${version}/chunks/${file}`);
        remove(`${version}/chunks/${file}`);
      }
    }
  }
  return removed;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string', default: 'dist/elements' },
      keep: { type: 'string', default: '2' },
      'stale-chunks': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  const dryRun = values['dry-run'];
  const { versions, chunks } = pruneKit(values.dir, { keep: Number(values.keep), staleChunks: values['stale-chunks'], dryRun });
  const verb = dryRun ? 'Would remove' : 'Removed';
  console.log(versions.length ? `${verb} versions: ${versions.join(', ')}` : 'No version to remove.');
  if (chunks.length) console.log(`${verb} ${chunks.length} stale chunk files of kept versions.`);
}
