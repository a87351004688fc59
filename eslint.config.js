// ESLint (flat config): `npm run lint`, and the first step of `npm test`.
// @eslint/js's recommended rules and typescript-eslint's recommended ones (syntax-based: the
// type-aware set would build a TypeScript program of the whole repository, which takes
// minutes here, where the type check already runs in `npm test`).
// Lit: the TypeScript parser reads the elements' decorators (experimentalDecorators) as
// written; `interface … extends …{}` augmentations (HTMLElementTagNameMap, Messages) are
// allowed below. eslint-plugin-lit and lit-a11y are not installed: the element tests run
// axe on every element instead.
import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Node's globals, read from the running Node (scripts and configs run in it), instead of a
 * list kept by hand or another dependency.
 */
const nodeGlobals = Object.fromEntries(
  [...Object.getOwnPropertyNames(globalThis), 'process', 'Buffer', 'console', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'structuredClone', 'fetch', 'URL', 'URLSearchParams', 'AbortController', 'TextEncoder', 'TextDecoder', 'performance', 'queueMicrotask'].map((name) => [name, 'readonly']),
);
/** What the plain-JavaScript pages (demo, docs site, bench) use of the browser. */
const browserGlobals = Object.fromEntries(
  ['window', 'document', 'customElements', 'HTMLElement', 'CustomEvent', 'Event', 'EventTarget', 'location', 'history', 'navigator', 'localStorage', 'sessionStorage', 'requestAnimationFrame', 'getComputedStyle', 'matchMedia', 'MutationObserver', 'ResizeObserver', 'IntersectionObserver', 'Node', 'Element', 'ShadowRoot', 'DOMParser', 'FormData', 'Headers', 'Request', 'Response', 'Blob', 'alert', 'confirm']
    .map((name) => [name, 'readonly']),
);

export default defineConfig(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.wtr/**',
      '.data/**',
      'elements/test/interop/.built/**',
      // Generated: `npm run api-types` writes it from the host's route schemas.
      'elements/core/api-types.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { ...nodeGlobals } },
  },
  {
    files: ['demo/public/**/*.js', 'docs/site/**/*.js', 'bench/pages/**/*.js'],
    languageOptions: { globals: { ...browserGlobals } },
  },
  {
    rules: {
      // `interface Messages extends CoreMessages {}` names a type that other modules augment
      // (declaration merging: each element adds its messages); an empty interface without an
      // `extends` is still reported.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // `_`-prefixed parameters and variables are unused on purpose (a callback's position, a
      // rest sibling that drops a key); anything else unused is a mistake.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    // Tests, benchmarks and the provider fakes read JSON answers and bodies as `any` to
    // assert on or answer them (about 330 places: the assertions check the shape at run
    // time). Migrations take `Kysely<any>`, as kysely documents: a migration must not depend
    // on today's schema types. Production code keeps the rule: an `any` there says why.
    files: ['**/*.test.ts', '**/test/**', 'host/testing.ts', 'host/testing/**', 'bench/**', 'plugins/*/fake*.ts', '**/migrations/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The element tests assert with chai's property assertions (`expect(x).to.be.true`),
    // which are expressions by design.
    files: ['elements/**/*.test.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
);
