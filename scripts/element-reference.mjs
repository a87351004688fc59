#!/usr/bin/env node
// docs/elements.md from custom-elements.json: every element's attributes, properties,
// events, slots, parts and CSS properties. Run by `npm run manifest` (and `npm run build`).
import { readFileSync, writeFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
const cell = (s) => String(s ?? '').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
const table = (title, head, rows) => (rows.length ? `\n**${title}**\n\n| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|\n${rows.map((r) => `| ${r.map(cell).join(' | ')} |`).join('\n')}\n` : '');

const elements = manifest.modules
  .flatMap((m) => (m.declarations ?? []).filter((d) => d.tagName).map((d) => ({ ...d, path: m.path })))
  .sort((a, b) => a.tagName.localeCompare(b.tagName));

let out = `# Element reference\n\nGenerated from \`custom-elements.json\` by \`scripts/element-reference.mjs\`; do not edit by hand.\n`;
out += `\n${elements.map((e) => `- [\`<${e.tagName}>\`](#${e.tagName})`).join('\n')}\n`;
for (const e of elements) {
  out += `\n## ${e.tagName}\n\n${cell(e.summary ?? '')}\n`;
  if (e.description) out += `\n${e.description.trim()}\n`;
  out += `\nClass \`${e.name}\`, \`${e.path}\`.\n`;
  const fields = (e.members ?? []).filter((m) => m.kind === 'field' && m.privacy !== 'private' && m.privacy !== 'protected' && !m.static && !m.name.startsWith('#'));
  out += table('Attributes', ['attribute', 'property', 'type', 'default', 'description'], (e.attributes ?? []).map((a) => [`\`${a.name}\``, a.fieldName ? `\`${a.fieldName}\`` : '', a.type?.text ?? '', a.default ?? '', a.description ?? '']));
  out += table('Properties', ['property', 'type', 'default', 'description'], fields.filter((f) => !(e.attributes ?? []).some((a) => a.fieldName === f.name)).map((f) => [`\`${f.name}\``, f.type?.text ?? '', f.default ?? '', f.description ?? '']));
  out += table('Events', ['event', 'description'], (e.events ?? []).filter((ev) => ev.name).map((ev) => [`\`${ev.name}\``, ev.description ?? '']));
  out += table('Slots', ['slot', 'description'], (e.slots ?? []).map((s) => [s.name ? `\`${s.name}\`` : '(default)', s.description ?? '']));
  out += table('Parts', ['part', 'description'], (e.cssParts ?? []).map((p) => [`\`${p.name}\``, p.description ?? '']));
  out += table('CSS properties', ['property', 'description'], (e.cssProperties ?? []).map((p) => [`\`${p.name}\``, p.description ?? '']));
}
writeFileSync('docs/elements.md', out);
console.log(`docs/elements.md: ${elements.length} elements`);
