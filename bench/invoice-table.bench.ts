import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import puppeteer from 'puppeteer-core';
import { median, report, type Ratio } from './harness.js';

/** A 1,000-row gp-invoice-list render ÷ a hand-written DOM table with the same cells, same page. */
export async function run(): Promise<Ratio[]> {
  const chrome = [process.env.CHROME_PATH, '/usr/bin/chromium'].find((p) => p && existsSync(p));
  if (!chrome || !existsSync('dist/elements/invoice-list.js')) throw new Error('needs Chromium and the built kit (npm run build)');
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = path === '/' ? 'bench/pages/table.html' : path.startsWith('/elements/') ? join('dist', path) : '';
    if (!file || !existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file.endsWith('.html') ? 'text/html' : 'text/javascript' }).end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const browser = await puppeteer.launch({ executablePath: chrome, args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction('window.benchReady === true');
    const { element, hand } = (await page.evaluate('window.runBench(25)')) as { element: number[]; hand: number[] };
    const ratio = median(element) / median(hand);
    return [{ name: 'gp-invoice-list 1,000 rows ÷ hand-written DOM table', ratio, target: '≤ 1.25', pass: ratio <= 1.25, detail: `${median(element).toFixed(1)} ms vs ${median(hand).toFixed(1)} ms` }];
  } finally {
    await browser.close();
    server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) report('Invoice table', await run());
