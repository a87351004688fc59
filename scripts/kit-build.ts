import { transformWithEsbuild, type Plugin, type UserConfig } from 'vite';

/**
 * How the served kit is built, shared by vite.config.ts and bench/size so that the size
 * targets measure the bytes a portal actually downloads: spread it into the config.
 */
export function kitBuild() {
  return {
    esbuild,
    plugins: [trimStyles(), minifyChunks()],
    build: {
      // Vite's own lowering and minifying is off: minifyChunks() does both (see there).
      target: 'esnext',
      minify: false,
      // A style sheet no element of the page uses (core's `stack`, say) is left out:
      // Rollup keeps tagged template calls unless told they have no side effects.
      rollupOptions: { treeshake: { manualPureFunctions: ['css'] } },
    },
  } satisfies UserConfig;
}

/**
 * The browsers the kit supports, as an esbuild target. es2022 keeps private fields and
 * methods native (Chrome 91, Edge 91, Firefox 90, Safari 15) instead of a WeakMap helper
 * per field in every element.
 */
export const target = 'es2022';

/** Lit's decorators as the elements' tsconfig declares them. */
const esbuild: UserConfig['esbuild'] = { tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } } };

/**
 * Trims the kit's style sheets: each line of a `css` template loses its indentation and
 * comments, since esbuild keeps template contents as written. Lines stay where they are,
 * so source maps still point at the right line.
 */
export function trimStyles(): Plugin {
  return {
    name: 'glasspane:trim-styles',
    apply: 'build',
    transform(code, id) {
      if (!/\/elements\/.*\.ts$/.test(id) || !code.includes('css`')) return undefined;
      // A template without `${…}` or backslashes: whitespace and comments there are CSS's alone.
      const out = code.replace(/\bcss`([^`$\\]*)`/g, (_, body: string) => {
        const lines = body.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, '')).split('\n');
        return `css\`${lines.map((l) => l.trim()).join('\n')}\``;
      });
      return out === code ? undefined : { code: out, map: null };
    },
  };
}

/**
 * Lowers each chunk to `target` and minifies it, whitespace and comments included.
 * Vite's own minifier leaves whitespace in an `es` library build, because a library is
 * usually bundled again (and minified whitespace loses the `@__PURE__` notes that
 * tree-shaking needs), and it would reformat this plugin's output if it ran after it. The
 * served kit is not bundled again: it is what the page loads. Template contents (HTML, CSS)
 * stay as written.
 */
export function minifyChunks(): Plugin {
  return {
    name: 'glasspane:minify-chunks',
    apply: 'build',
    async renderChunk(code, chunk) {
      const out = await transformWithEsbuild(code, chunk.fileName, { minify: true, target, format: 'esm', legalComments: 'none', charset: 'utf8', sourcemap: true });
      return { code: out.code, map: out.map };
    },
  };
}
