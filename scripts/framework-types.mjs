#!/usr/bin/env node
// Framework bindings of the elements, generated from custom-elements.json (run by
// `npm run manifest`):
//   elements/react.ts      `@glasspane/elements/react`: a React component per element, made
//                          with @lit/react (typed props; `onGp…` props for the `gp-…` events)
//   elements/types/jsx.ts  `@glasspane/elements/jsx`: the tags in the global
//                          `JSX.IntrinsicElements` (attributes and properties typed)
//   elements/types/vue.ts  `@glasspane/elements/vue`: the tags in Vue's `GlobalComponents`
// The types come from the element classes and the event maps the element modules declare,
// so what the manifest names is what TypeScript checks.
// `node scripts/framework-types.mjs [dir]` reads and writes under dir (default: here), so a
// test can check that the committed files are what the manifest gives.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? '.';
const manifest = JSON.parse(readFileSync(join(dir, 'custom-elements.json'), 'utf8'));
const HEADER = '// Generated from custom-elements.json by scripts/framework-types.mjs (`npm run manifest`); do not edit.\n';

const camel = (s) => s.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
const pascal = (s) => camel(s).replace(/^./, (c) => c.toUpperCase());
const oneLine = (text) =>
  text
    .trim()
    .replace(/\s*\n\s*/g, ' ')
    .replace(/\*\//g, '*\\/');
const doc = (text, indent) => (text ? `${indent}/** ${oneLine(text)} */\n` : '');
const elements = manifest.modules
  .flatMap((m) => (m.declarations ?? []).filter((d) => d.tagName).map((d) => ({ ...d, module: m.path })))
  .sort((a, b) => a.tagName.localeCompare(b.tagName))
  .map((e) => {
    // dist/server-list/server-list.component.js → ./server-list/server-list.js, the module that registers the tag.
    const folder = e.module.replace(/^dist\//, '').replace(/\/[^/]+$/, '');
    const fields = (e.members ?? []).filter(
      (m) => m.kind === 'field' && !m.static && !m.readonly && (m.privacy === undefined || m.privacy === 'public'),
    );
    return {
      tag: e.tagName,
      className: e.name,
      summary: e.summary ?? e.description ?? '',
      register: `${folder}/${folder}.js`,
      attributes: (e.attributes ?? []).map((a) => ({
        name: a.name,
        field: a.fieldName && fields.some((f) => f.name === a.fieldName) ? a.fieldName : undefined,
        description: a.description,
      })),
      properties: fields
        .filter((f) => !(e.attributes ?? []).some((a) => a.fieldName === f.name))
        .map((f) => ({ name: f.name, description: f.description })),
      events: (e.events ?? [])
        .filter((ev) => ev.name)
        .map((ev) => ({ name: ev.name, prop: `on${pascal(ev.name)}`, description: ev.description })),
    };
  });

const eventType = (name) => `GlobalEventHandlersEventMap['${name}']`;

// React: one wrapper per element. Importing this module registers every gp- tag.
let react = `${HEADER}// React wrappers of every element, made with @lit/react: properties are set as properties
// (objects and arrays too), \`onGp…\` props listen to the element's \`gp-…\` events. Works on
// React 18 and 19. Importing this module registers every \`gp-\` tag.
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
`;
for (const e of elements) react += `import { ${e.className} as ${e.className}Element } from './${e.register}';\n`;
react += `\nexport type { EventName };\n`;
for (const e of elements) {
  react += `\n/** \`<${e.tag}>\`: ${oneLine(e.summary)} */\n`;
  react += `export const ${e.className} = createComponent({\n  tagName: '${e.tag}',\n  elementClass: ${e.className}Element,\n  react: React,\n  displayName: '${e.className}',\n`;
  react += `  events: {${e.events.length ? '\n' + e.events.map((ev) => `${doc(ev.description, '    ')}    ${ev.prop}: '${ev.name}' as EventName<${eventType(ev.name)}>,\n`).join('') + '  ' : ''}},\n});\n`;
}

// Global JSX (Preact, Solid, Stencil, …): attributes by their names, properties by theirs,
// events as `on<event-name>` handlers.
let jsx = `${HEADER}// The gp- tags in the global JSX namespace, for frameworks that type JSX through it
// (Preact, Solid and others): \`import type {} from '@glasspane/elements/jsx'\`. Attributes are
// typed from the element classes, properties by their own names, events as
// \`ongp-…\` handlers with the event's typed detail. React users: \`@glasspane/elements/react\`.
// Re-exported (not imported) so the declarations keep it: the tags' event maps.
export type {} from '../all.js';
import type { ${elements.map((e) => e.className).join(', ')} } from '../index.js';

/** What every gp- tag takes besides its own attributes. */
export interface GlasspaneElementAttributes {
  id?: string;
  class?: string;
  className?: string;
  slot?: string;
  /** Hides the element (every gp- element honours it). */
  hidden?: boolean;
  lang?: string;
  dir?: 'ltr' | 'rtl' | 'auto';
  title?: string;
  style?: string | Record<string, string | number>;
  part?: string;
  children?: unknown;
  ref?: unknown;
  key?: string | number;
}

type Handler<K extends keyof GlobalEventHandlersEventMap> = (event: GlobalEventHandlersEventMap[K]) => void;
`;
for (const e of elements) {
  jsx += `\n/** \`<${e.tag}>\`'s attributes, properties and events. */\nexport interface ${e.className}Attributes extends GlasspaneElementAttributes {\n`;
  for (const a of e.attributes)
    jsx += `${doc(a.description, '  ')}  '${a.name}'?: ${a.field ? `${e.className}['${a.field}']` : 'string'};\n`;
  for (const p of e.properties) jsx += `${doc(p.description, '  ')}  ${p.name}?: ${e.className}['${p.name}'];\n`;
  for (const ev of e.events) jsx += `${doc(ev.description, '  ')}  'on${ev.name}'?: Handler<'${ev.name}'>;\n`;
  jsx += `}\n`;
}
jsx += `\ndeclare global {\n  // eslint-disable-next-line @typescript-eslint/no-namespace\n  namespace JSX {\n    interface IntrinsicElements {\n`;
for (const e of elements) jsx += `      '${e.tag}': ${e.className}Attributes;\n`;
jsx += `    }\n  }\n}\n`;

// Vue: GlobalComponents, so Volar / vue-tsc check templates using the tags.
let vue = `${HEADER}// The gp- tags in Vue's GlobalComponents, so vue-tsc and editors check templates using
// them: \`import type {} from '@glasspane/elements/vue'\` (Vue 3). Props by their camelCase
// names (templates may write them kebab-cased), events as \`@gp-…\` listeners with the
// event's typed detail. Tell Vue the tags are custom elements
// (\`compilerOptions.isCustomElement: (tag) => tag.startsWith('gp-')\`).
import type { DefineComponent } from 'vue';
// Re-exported (not imported) so the declarations keep it: the tags' event maps.
export type {} from '../all.js';
import type { ${elements.map((e) => e.className).join(', ')} } from '../index.js';

type Listener<K extends keyof GlobalEventHandlersEventMap> = (event: GlobalEventHandlersEventMap[K]) => void;
`;
for (const e of elements) {
  vue += `\n/** \`<${e.tag}>\`'s props and event listeners. */\nexport interface ${e.className}Props {\n`;
  for (const a of e.attributes)
    vue += `${doc(a.description, '  ')}  ${a.field ?? camel(a.name)}?: ${a.field ? `${e.className}['${a.field}']` : 'string'};\n`;
  for (const p of e.properties) vue += `${doc(p.description, '  ')}  ${p.name}?: ${e.className}['${p.name}'];\n`;
  for (const ev of e.events) vue += `${doc(ev.description, '  ')}  ${ev.prop}?: Listener<'${ev.name}'>;\n`;
  vue += `}\n`;
}
vue += `\ndeclare module 'vue' {\n  interface GlobalComponents {\n`;
for (const e of elements) vue += `    '${e.tag}': DefineComponent<${e.className}Props>;\n`;
vue += `  }\n}\n`;

mkdirSync(join(dir, 'elements/types'), { recursive: true });
writeFileSync(join(dir, 'elements/react.ts'), react);
writeFileSync(join(dir, 'elements/types/jsx.ts'), jsx);
writeFileSync(join(dir, 'elements/types/vue.ts'), vue);
console.log(`elements/react.ts, elements/types/jsx.ts, elements/types/vue.ts: ${elements.length} elements`);
