#!/usr/bin/env node
// docs/elements.md from custom-elements.json: every element's attributes, properties,
// events, slots, parts and CSS properties. Run by `npm run manifest` (and `npm run build`).
// `node scripts/element-reference.mjs [dir]` reads and writes under dir (default: here),
// so a test can check that the committed files are what the code gives.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? '.';
const manifestPath = join(dir, 'custom-elements.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
// The analyzer lists modules in the order it happened to read them: sorted, the file
// changes only when an element does.
manifest.modules.sort((a, b) => a.path.localeCompare(b.path));
writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
const cell = (s) =>
  String(s ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ');
const table = (title, head, rows) =>
  rows.length
    ? `\n**${title}**\n\n| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|\n${rows.map((r) => `| ${r.map(cell).join(' | ')} |`).join('\n')}\n`
    : '';

const elements = manifest.modules
  .flatMap((m) => (m.declarations ?? []).filter((d) => d.tagName).map((d) => ({ ...d, path: m.path })))
  .sort((a, b) => a.tagName.localeCompare(b.tagName));

let out = `# Element reference\n\nGenerated from \`custom-elements.json\` by \`scripts/element-reference.mjs\`; do not edit by hand.\n`;
out += `\n${elements.map((e) => `- [\`<${e.tagName}>\`](#${e.tagName})`).join('\n')}\n`;
for (const e of elements) {
  out += `\n## ${e.tagName}\n\n${cell(e.summary ?? '')}\n`;
  if (e.description) out += `\n${e.description.trim()}\n`;
  out += `\nClass \`${e.name}\`, \`@glasspane/elements/${e.path}\`.\n`;
  const fields = (e.members ?? []).filter(
    (m) => m.kind === 'field' && m.privacy !== 'private' && m.privacy !== 'protected' && !m.static && !m.name.startsWith('#'),
  );
  out += table(
    'Attributes',
    ['attribute', 'property', 'type', 'default', 'description'],
    (e.attributes ?? []).map((a) => [
      `\`${a.name}\``,
      a.fieldName ? `\`${a.fieldName}\`` : '',
      a.type?.text ?? '',
      a.default ?? '',
      a.description ?? '',
    ]),
  );
  out += table(
    'Properties',
    ['property', 'type', 'default', 'description'],
    fields
      .filter((f) => !(e.attributes ?? []).some((a) => a.fieldName === f.name))
      .map((f) => [`\`${f.name}\``, f.type?.text ?? '', f.default ?? '', f.description ?? '']),
  );
  out += table(
    'Events',
    ['event', 'type', 'description'],
    (e.events ?? []).filter((ev) => ev.name).map((ev) => [`\`${ev.name}\``, ev.type ? `\`${ev.type.text}\`` : '', ev.description ?? '']),
  );
  out += table(
    'Slots',
    ['slot', 'description'],
    (e.slots ?? []).map((s) => [s.name ? `\`${s.name}\`` : '(default)', s.description ?? '']),
  );
  out += table(
    'Parts',
    ['part', 'description'],
    (e.cssParts ?? []).map((p) => [`\`${p.name}\``, p.description ?? '']),
  );
  out += table(
    'CSS properties',
    ['property', 'description'],
    (e.cssProperties ?? []).map((p) => [`\`${p.name}\``, p.description ?? '']),
  );
}
mkdirSync(join(dir, 'docs'), { recursive: true });
writeFileSync(join(dir, 'docs/elements.md'), out);
console.log(`docs/elements.md: ${elements.length} elements`);
