#!/usr/bin/env node
// Screenshots of a running demo (npm start) in headless Chromium, for docs and reviews:
//   node scripts/screenshot.mjs <url> <out.png> [width] [height]
import puppeteer from 'puppeteer-core';

const [url = 'http://localhost:8787/', out = 'docs/screenshot.png', width = '1280', height = '900'] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--headless',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
try {
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  await page.setViewport({ width: Number(width), height: Number(height) });
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await new Promise((r) => setTimeout(r, 2500));
  await page.screenshot({ path: out, fullPage: true });
  if (problems.length) console.log('Page reported:\n  ' + problems.join('\n  '));
  console.log(`Saved ${out}`);
} finally {
  await browser.close();
}
