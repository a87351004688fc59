import { build } from 'vite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runReference } from './browser.js';
import { median, medianRatio, report, type Ratio } from './harness.js';

/**
 * The upgrade wizard's first step (five tiles, keyboard-ready) from append to a focused
 * tile ÷ a one-component Lit hello, in the same page, alternating rounds. The issue sets no
 * target: the figure is recorded.
 */
export async function run(): Promise<Ratio[]> {
  const dir = mkdtempSync(join(tmpdir(), 'gp-hello-'));
  try {
    await build({
      configFile: false,
      logLevel: 'silent',
      build: { outDir: dir, target: 'es2021', lib: { entry: resolve('bench/fixtures/lit-hello.ts'), formats: ['es'], fileName: 'hello' } },
    });
    const { wizard, hello } = await runReference<{ wizard: number[]; hello: number[] }>('bench/pages/wizard.html', 25, {
      '/bench-hello.js': join(dir, 'hello.js'),
    });
    const ratio = medianRatio(wizard, hello);
    return [
      {
        name: 'gp-upgrade-wizard first step interactive ÷ Lit hello',
        ratio,
        target: 'recorded',
        pass: true,
        detail: `${median(wizard).toFixed(2)} ms vs ${median(hello).toFixed(2)} ms`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) report('Upgrade wizard', await run());
