import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import puppeteer from 'puppeteer-core';

const isolated = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

/** Whether the browser benchmarks can run here: Chromium and the built kit. */
export const canRunPages = () => Boolean(chromePath() && existsSync('dist/elements/index.js'));
const chromePath = () => [process.env.CHROME_PATH, '/usr/bin/chromium'].find((p) => p && existsSync(p));

/** What each side of a page rendered (bench/pages/shape.js) and their first difference. */
export interface Parity {
  element: unknown;
  hand: unknown;
  /** The chart page's third side, bare uPlot without the card (context, not the target's baseline). */
  bare?: unknown;
  diff: string;
}

/**
 * The page's `window.parity()`: both sides rendered once and their DOM compared. A benchmark
 * whose baseline does more (or less) work than its element measures nothing.
 */
export const parityOf = (page: string, extra: Record<string, string> = {}) => inPage<Parity>(page, 'window.parity()', extra);

/** Throws unless both sides of the page render the same thing. */
export async function assertParity(page: string, extra: Record<string, string> = {}): Promise<void> {
  const { diff } = await parityOf(page, extra);
  if (diff) throw new Error(`${page}: the two sides do not render the same (${diff}); not timed`);
}

/**
 * Serves `page` (at /), the built kit (/elements/…) and `extra` files on loopback, opens it
 * in headless Chromium, waits for `window.benchReady` and returns `window.runBench(rounds)`,
 * after checking that both sides render the same (`window.parity()`).
 */
export async function runInPage<T>(page: string, rounds: number, extra: Record<string, string> = {}): Promise<T> {
  await assertParity(page, extra);
  return runReference<T>(page, rounds, extra);
}

/**
 * The same without the parity check, for a page whose baseline is a fixed reference (a Lit
 * hello) rather than the element's work done by hand: its figure is recorded, never a target.
 */
export function runReference<T>(page: string, rounds: number, extra: Record<string, string> = {}): Promise<T> {
  return inPage<T>(page, `window.runBench(${rounds})`, extra);
}

async function inPage<T>(page: string, expression: string, extra: Record<string, string>): Promise<T> {
  extra = { '/shape.js': 'bench/pages/shape.js', ...extra };
  const chrome = chromePath();
  if (!chrome || !existsSync('dist/elements/index.js')) throw new Error('needs Chromium and the built kit (npm run build)');
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = path === '/' ? page : (extra[path] ?? (path.startsWith('/elements/') ? join('dist', path) : ''));
    if (!file || !existsSync(file)) return void res.writeHead(404).end();
    // Cross-origin isolated: Chromium then gives performance.now() 5 µs steps, not 100 µs
    // (a round here takes a few milliseconds).
    res
      .writeHead(200, {
        'content-type': file.endsWith('.html') ? 'text/html' : file.endsWith('.css') ? 'text/css' : 'text/javascript',
        ...isolated,
      })
      .end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const browser = await puppeteer.launch({
    executablePath: chrome,
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const tab = await browser.newPage();
    await tab.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await tab.waitForFunction('window.benchReady === true');
    if (!(await tab.evaluate('crossOriginIsolated'))) throw new Error(`${page}: not cross-origin isolated, so its timer is coarse`);
    return (await tab.evaluate(expression)) as T;
  } finally {
    await browser.close();
    server.close();
  }
}
