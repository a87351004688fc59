// `npm run manifest`: custom-elements.json from the elements' JSDoc (@summary, @fires,
// @csspart, @cssprop, @slot), with Lit's decorators understood.
//
// The manifest describes the package a partner installs (`@glasspane/elements`, which ships
// it, see scripts/build-packages.mjs): module paths are the shipped JavaScript
// (`dist/server-list/server-list.component.js`), every event's detail is typed, members
// inherited from GpElement (core/base.ts) are listed on each element, and private or
// protected members (`#x`, `_x`, `private`, `protected`) are left out.
import { readFileSync, readdirSync } from 'node:fs';

export default {
  globs: ['elements/**/*.component.ts', 'elements/core/base.ts'],
  exclude: ['elements/**/*.test.ts'],
  outdir: '.',
  litelement: true,
  // package.json already names the file; a run into another directory must not rename it.
  packagejson: false,
  plugins: [glasspanePackage()],
};

/** `elements/x/y.ts` (or `/elements/x/y.js`) → `dist/x/y.js`, as @glasspane/elements ships it. */
export function shippedPath(path) {
  const m = /^\/?elements\/(.+)\.(ts|js)$/.exec(path);
  return m ? `dist/${m[1]}.js` : path;
}

/**
 * The event types the element modules declare for TypeScript consumers
 * (`GlobalEventHandlersEventMap` in `elements/<name>/<name>.ts`): `'gp-x': CustomEvent<D>`.
 */
function declaredEvents() {
  const types = new Map();
  for (const dir of readdirSync('elements', { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    let source = '';
    try {
      source = readFileSync(`elements/${dir.name}/${dir.name}.ts`, 'utf8');
    } catch {
      continue;
    }
    for (const m of source.matchAll(/'(gp-[a-z-]+)':\s*CustomEvent<(?:import\([^)]*\)\.)?([^>]+)>/g))
      types.set(m[1], `CustomEvent<${m[2].trim()}>`);
  }
  return types;
}

const isPrivate = (item) => item.privacy === 'private' || item.privacy === 'protected' || /^[#_]/.test(item.name ?? '');

function glasspanePackage() {
  return {
    name: 'glasspane-package',
    packageLinkPhase({ customElementsManifest }) {
      const events = declaredEvents();
      for (const mod of customElementsManifest.modules) {
        for (const d of mod.declarations ?? []) {
          if (d.members)
            d.members = d.members.filter((m) => !isPrivate(m) && !(m.static && (m.name === 'styles' || m.name === 'properties')));
          if (d.events) {
            // GpElement's emit(name, …) dispatches the names its subclasses document (@fires);
            // the analyzer sees an event called "name" there, or one without a name.
            d.events = d.name === 'GpElement' ? [] : d.events.filter((e) => e.name && e.inheritedFrom?.name !== 'GpElement');
            for (const e of d.events) if (events.has(e.name)) e.type = { text: events.get(e.name) };
          }
        }
      }
      // Paths last: the inheritance above is resolved through the source paths.
      const rewrite = (node) => {
        if (Array.isArray(node)) return node.forEach(rewrite);
        if (!node || typeof node !== 'object') return;
        for (const [key, value] of Object.entries(node)) {
          if ((key === 'path' || key === 'module') && typeof value === 'string') node[key] = shippedPath(value);
          else rewrite(value);
        }
      };
      rewrite(customElementsManifest.modules);
    },
  };
}
