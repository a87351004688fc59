#!/usr/bin/env node
// `npm run docs`: the documentation as a site (dist/docs), built by Vite: every docs/*.md
// page rendered with marked, and a page of live examples of every element, which run
// against the demo host that serves the site at http://localhost:8787/docs/.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { marked } from 'marked';
import { build } from 'vite';

const PAGES = [
  ['index', 'Embedding', 'embedding.md'],
  ['examples', 'Live examples', null],
  ['elements', 'Element reference', 'elements.md'],
  ['theming', 'Theming', 'theming.md'],
  ['localisation', 'Localisation', 'localisation.md'],
  ['http-api', 'HTTP API', 'http-api.md'],
  ['writing-a-plugin', 'Writing a plugin', 'writing-a-plugin.md'],
  ['deploying', 'Deploying', 'deploying.md'],
  ['troubleshooting', 'Troubleshooting', 'troubleshooting.md'],
];
const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
const tags = manifest.modules.flatMap((m) => (m.declarations ?? []).filter((d) => d.tagName && d.tagName !== 'gp-provider'));

/** One live example per element; staff elements get a staff token. */
const STAFF = new Set(['gp-order-review', 'gp-account-calendar', 'gp-account-book']);
const EXTRA = { 'gp-usage-gauge': ' metric="cpu" range="7d" data-first-server', 'gp-maintenance-banner': ' show-all-clear' };
const example = (d) => `<section class="example" id="${d.tagName}">
  <h2><code>&lt;${d.tagName}&gt;</code></h2>
  <p>${marked.parseInline(d.summary ?? '')}</p>
  <${d.tagName}${EXTRA[d.tagName] ?? ''}></${d.tagName}>
</section>`;
const sorted = tags.sort((a, b) => a.tagName.localeCompare(b.tagName));
// One provider per audience, as on a real page: each provider holds one event stream, and
// a browser allows six connections per host over HTTP/1.1.
const examples = `<gp-provider api-base="/api/v1" data-view="customer">
<h2>For customers</h2>
${sorted
  .filter((d) => !STAFF.has(d.tagName))
  .map(example)
  .join('\n')}
</gp-provider>
<gp-provider api-base="/api/v1" data-view="staff">
<h2>For the provider's staff</h2>
${sorted
  .filter((d) => STAFF.has(d.tagName))
  .map(example)
  .join('\n')}
</gp-provider>`;

const layout = (slug, title, body) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" /><title>${title} · Glasspane</title>
<link rel="stylesheet" href="./site.css" />
<link rel="icon" href="/logo.svg" type="image/svg+xml" />
${slug === 'examples' ? '<script type="module" src="/elements/index.js"></script><script type="module" src="./examples.js"></script>' : ''}
</head>
<body>
<nav aria-label="Documentation"><strong>Glasspane</strong>
${PAGES.map(([s, t]) => `<a href="./${s}.html"${s === slug ? ' aria-current="page"' : ''}>${t}</a>`).join('\n')}
</nav>
<main>${body}</main>
</body>
</html>`;

const src = mkdtempSync(join(tmpdir(), 'gp-docs-'));
try {
  for (const file of ['site.css', 'examples.js']) copyFileSync(join('docs/site', file), join(src, file));
  for (const [slug, title, md] of PAGES) {
    const body = md
      ? marked
          .parse(readFileSync(join('docs', md), 'utf8'))
          .replace(
            /href="(?:docs\/)?([\w-]+)\.md(#[^"]*)?"/g,
            (_, name, hash = '') => `href="./${name === 'embedding' ? 'index' : name}.html${hash}"`,
          )
      : `<h1>Live examples</h1><p>Every element, running against the demo host that serves these pages (start it with <code>npm start</code>). Customer elements use a customer's token, staff elements an account manager's.</p>\n${examples}`;
    writeFileSync(join(src, `${slug}.html`), layout(slug, title, body));
  }
  const outDir = resolve('dist/docs');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    root: src,
    base: './',
    logLevel: 'warn',
    configFile: false,
    build: {
      outDir,
      emptyOutDir: true,
      // The kit is the host's (/elements/index.js), not bundled into the site.
      rollupOptions: { input: Object.fromEntries(PAGES.map(([slug]) => [slug, join(src, `${slug}.html`)])), external: [/^\/elements\//] },
    },
  });
  console.log(
    `dist/docs: ${readdirSync(outDir).filter((f) => f.endsWith('.html')).length} pages; served by the demo at http://localhost:8787/docs/`,
  );
} finally {
  rmSync(src, { recursive: true, force: true });
}
