import { build } from 'vite';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { report, type Ratio } from './harness.js';

/**
 * Gzipped bytes a page loads for one entry: the entry and its static imports, not the
 * chunks it imports dynamically (uPlot loads only when a chart is drawn).
 */
async function gzippedEntry(entry: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'gp-size-'));
  try {
    await build({
      configFile: false,
      logLevel: 'silent',
      esbuild: { tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } } },
      build: { outDir: dir, target: 'es2021', minify: 'esbuild', lib: { entry: resolve(entry), formats: ['es'], fileName: 'entry' }, rollupOptions: { output: { chunkFileNames: '[name]-[hash].js' } } },
    });
    const files = new Map(readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file) || !files.has(file)) return;
      seen.add(file);
      // Static imports only: `import … from "./x.js"` and `export … from`, not `import("./x.js")`.
      for (const m of files.get(file)!.matchAll(/(?:^|[;\n}])\s*(?:import|export)\s*(?:[^'"()]*?from\s*)?["']\.\/([^"']+)["']/g)) visit(m[1]!);
    };
    visit('entry.js');
    return [...seen].reduce((sum, f) => sum + gzipSync(files.get(f)!, { level: 9 }).length, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Gzipped size of each element before its lazy parts load ÷ a one-component Lit hello. */
export async function run(): Promise<Ratio[]> {
  const hello = await gzippedEntry('bench/fixtures/lit-hello.ts');
  const out: Ratio[] = [];
  for (const [name, target] of [
    ['usage-gauge', 2],
    ['maintenance-banner', 2],
    ['server-list', 2],
  ] as const) {
    const bytes = await gzippedEntry(`elements/${name}/${name}.ts`);
    const ratio = bytes / hello;
    out.push({ name: `gzipped gp-${name} (before lazy chunks) ÷ Lit hello`, ratio, target: `≤ ${target}`, pass: ratio <= target, detail: `${(bytes / 1024).toFixed(1)} KiB vs ${(hello / 1024).toFixed(1)} KiB` });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) report('Sizes', await run());
