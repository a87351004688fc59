import { build } from 'vite';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { report, type Ratio } from './harness.js';
import { kitBuild } from '../scripts/kit-build.js';

/**
 * Gzipped bytes a page loads for one entry: the entry and its static imports, not the
 * chunks it imports dynamically (uPlot loads only when a chart is drawn). Built as the
 * served kit is (vite.config.ts), one entry at a time.
 */
export async function gzippedEntry(entry: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'gp-size-'));
  const kit = kitBuild();
  try {
    await build({
      configFile: false,
      logLevel: 'silent',
      ...kit,
      build: {
        ...kit.build,
        outDir: dir,
        lib: { entry: resolve(entry), formats: ['es'], fileName: 'entry' },
        rollupOptions: { ...kit.build.rollupOptions, output: { chunkFileNames: '[name]-[hash].js' } },
      },
    });
    const files = new Map(
      readdirSync(dir)
        .filter((f) => f.endsWith('.js'))
        .map((f) => [f, readFileSync(join(dir, f), 'utf8')]),
    );
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file) || !files.has(file)) return;
      seen.add(file);
      // Static imports only: `import … from "./x.js"` and `export … from`, not `import("./x.js")`.
      for (const m of files.get(file)!.matchAll(/(?:^|[;\n}])\s*(?:import|export)\s*(?:[^'"()]*?from\s*)?["']\.\/([^"']+)["']/g))
        visit(m[1]!);
    };
    visit('entry.js');
    return [...seen].reduce((sum, f) => sum + gzipSync(files.get(f)!, { level: 9 }).length, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Only the usage gauge has a size target (its issue's); the others are recorded so growth shows. */
const TARGETS: Record<string, number> = { 'usage-gauge': 2 };

/** Gzipped size of every element before its lazy parts load ÷ a one-component Lit hello. */
export async function run(): Promise<Ratio[]> {
  const hello = await gzippedEntry('bench/fixtures/lit-hello.ts');
  const names = readdirSync('elements', { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(`elements/${d.name}/${d.name}.ts`))
    .map((d) => d.name)
    .sort((a, b) => (a in TARGETS ? -1 : b in TARGETS ? 1 : a.localeCompare(b)));
  const out: Ratio[] = [];
  for (const name of names) {
    const bytes = await gzippedEntry(`elements/${name}/${name}.ts`);
    const ratio = bytes / hello;
    const target = TARGETS[name];
    out.push({
      name: `gzipped gp-${name} (before lazy chunks) ÷ Lit hello`,
      ratio,
      target: target ? `≤ ${target}` : 'recorded',
      pass: target ? ratio <= target : true,
      detail: `${(bytes / 1024).toFixed(1)} KiB vs ${(hello / 1024).toFixed(1)} KiB`,
    });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) report('Sizes', await run());
