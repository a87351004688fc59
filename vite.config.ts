import { defineConfig } from 'vite';
import { readdirSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { kitBuild } from './scripts/kit-build.js';

// The served kit: /elements/index.js (every gp- element) and /elements/<name>.js (one
// element with what it needs), lit bundled in, shared code in chunks, so a portal on
// another origin embeds with one module script. No eval, no inline styles: Lit adopts
// constructable stylesheets, which a strict style-src 'self' allows.
const elements = readdirSync('elements', { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(`elements/${d.name}/${d.name}.ts`))
  .map((d) => d.name);

const kit = kitBuild();

export default defineConfig({
  ...kit,
  build: {
    ...kit.build,
    outDir: 'dist/elements',
    emptyOutDir: true,
    sourcemap: true,
    lib: {
      entry: {
        index: resolve('elements/all.ts'),
        ...Object.fromEntries(elements.map((name) => [name, resolve(`elements/${name}/${name}.ts`)])),
      },
      formats: ['es'],
    },
    rollupOptions: {
      ...kit.build.rollupOptions,
      output: { chunkFileNames: 'chunks/[name]-[hash].js', entryFileNames: '[name].js' },
    },
  },
});
