import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, extname } from 'node:path';
import type { AddressInfo } from 'node:net';
import puppeteer from 'puppeteer-core';
import { median, report, type Ratio } from './harness.js';

/**
 * gp-usage-gauge cold render of 166,650 points in 3 series ÷ a bare `new uPlot()` with the
 * same data, in the same page, alternating rounds. Needs the built kit (npm run build).
 */
export async function run(): Promise<Ratio[]> {
  const chrome = [process.env.CHROME_PATH, '/usr/bin/chromium'].find((p) => p && existsSync(p));
  if (!chrome || !existsSync('dist/elements/usage-gauge.js')) throw new Error('needs Chromium and the built kit (npm run build)');
  const types: Record<string, string> = { '.js': 'text/javascript', '.html': 'text/html', '.map': 'application/json' };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file =
      path === '/' ? 'bench/pages/chart.html' : path === '/bench-uplot.js' ? 'node_modules/uplot/dist/uPlot.esm.js' : path.startsWith('/elements/') ? join('dist', path) : '';
    if (!file || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const browser = await puppeteer.launch({ executablePath: chrome, args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction('window.benchReady === true');
    const { gauge, bare } = (await page.evaluate('window.runBench(11)')) as { gauge: number[]; bare: number[] };
    const ratio = median(gauge) / median(bare);
    return [{ name: 'gp-usage-gauge cold render (166,650 points) ÷ bare uPlot', ratio, target: '≤ 1.10', pass: ratio <= 1.1, detail: `${median(gauge).toFixed(1)} ms vs ${median(bare).toFixed(1)} ms` }];
  } finally {
    await browser.close();
    server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) report('Chart render', await run());
