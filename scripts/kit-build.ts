import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import {
  build,
  transformWithEsbuild,
  type InlineConfig,
  type LogLevel,
  type Logger,
  type Plugin,
  type Rollup,
  type UserConfig,
} from 'vite';

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
const esbuild: UserConfig['esbuild'] = {
  tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
};

/**
 * Trims the kit's style sheets: each line of a `css` template loses its indentation and
 * comments, since esbuild keeps template contents as written. Lines stay where they are,
 * so source maps still point at the right line. In a template with `${…}` (a shared sheet
 * interpolated) only the text between interpolations is trimmed, and only around line
 * breaks, so `${width} solid` keeps its space.
 */
export function trimStyles(): Plugin {
  return {
    name: 'glasspane:trim-styles',
    apply: 'build',
    transform(code, id) {
      if (!/\/elements\/.*\.ts$/.test(id) || !code.includes('css`')) return undefined;
      // Templates without backslashes, whose interpolations are plain expressions (no braces or
      // backticks inside): whitespace and comments in their text are CSS's alone.
      const out = code.replace(/\bcss`((?:[^`$\\]|\$\{[^}`]*\}|\$(?!\{))*)`/g, (_, body: string) => {
        const parts = body.split(/(\$\{[^}`]*\})/);
        const trimmed = parts.map((part, k) => {
          if (k % 2 === 1) return part;
          let text = part.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, '')).replace(/[ \t]*\n[ \t]*/g, '\n');
          if (k === 0) text = text.replace(/^[ \t]+/, '');
          if (k === parts.length - 1) text = text.replace(/[ \t]+$/, '');
          return text;
        });
        return `css\`${trimmed.join('')}\``;
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
      const out = await transformWithEsbuild(code, chunk.fileName, {
        minify: true,
        target,
        format: 'esm',
        legalComments: 'none',
        charset: 'utf8',
        sourcemap: true,
      });
      return { code: out.code, map: out.map };
    },
  };
}

/** Where the repository is: the kit's sources and the default output resolve from here. */
const repo = fileURLToPath(new URL('..', import.meta.url));

/** The kit's version: @glasspane/elements' package.json, which `npm version` bumps. */
export function kitVersion(): string {
  return (JSON.parse(readFileSync(join(repo, 'elements', 'package.json'), 'utf8')) as { version: string }).version;
}

/** The elements the kit has an entry for: each `elements/<name>/<name>.ts`. */
export function kitElements(): string[] {
  return readdirSync(join(repo, 'elements'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(repo, 'elements', d.name, `${d.name}.ts`)))
    .map((d) => d.name);
}

export interface KitOptions {
  /** The folder the host serves at /elements/ (default `dist/elements`). */
  outDir?: string;
  /** The version folder to build into (default {@link kitVersion}). */
  version?: string;
  logLevel?: LogLevel;
}

/**
 * The served kit, as vite.config.ts builds it (`vite build`), into `<outDir>/<version>/`:
 * `index.js` (every gp- element), `<name>.js` (one element with what it needs), shared code
 * in `chunks/<name>-<hash>.js`, and `glasspane.min.js` (the whole kit in one file, for a
 * script tag with an integrity hash). Lit is bundled in. No eval, no inline styles: Lit
 * adopts constructable stylesheets, which a strict style-src 'self' allows.
 *
 * Nothing earlier is deleted: a page that loaded a previous version's (or a previous
 * build's) `index.js` still finds its chunks after a redeploy. `scripts/kit-prune.mjs` removes
 * old versions. Then {@link kitRelease} writes the stable entries, compressed copies and
 * `kit-manifest.json`.
 */
export function kitConfig(options: KitOptions = {}): InlineConfig {
  const outDir = resolve(repo, options.outDir ?? 'dist/elements');
  const version = options.version ?? kitVersion();
  if (!/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(version)) throw new Error(`The kit's version "${version}" is not a semver version.`);
  const elements = kitElements();
  const kit = kitBuild();
  return {
    ...kit,
    configFile: false,
    root: repo,
    logLevel: options.logLevel,
    plugins: [...kit.plugins, kitRelease({ outDir, version, logLevel: options.logLevel })],
    build: {
      ...kit.build,
      outDir: join(outDir, version),
      emptyOutDir: false,
      copyPublicDir: false,
      sourcemap: true,
      lib: {
        entry: {
          index: join(repo, 'elements/all.ts'),
          ...Object.fromEntries(elements.map((name) => [name, join(repo, `elements/${name}/${name}.ts`)])),
        },
        formats: ['es'],
      },
      rollupOptions: {
        ...kit.build.rollupOptions,
        output: { chunkFileNames: 'chunks/[name]-[hash].js', entryFileNames: '[name].js' },
      },
    },
  };
}

/** The single-file bundle, built next to the split kit. */
export const BUNDLE = 'glasspane.min.js';

/** One file of a built version, as kit-manifest.json lists it. */
export interface KitFile {
  /** Subresource Integrity: `integrity="…"` on a script tag. */
  integrity: string;
  bytes: number;
  gzip: number;
  br: number;
}

export interface KitManifest {
  name: '@glasspane/elements';
  version: string;
  /**
   * Every JavaScript file the build wrote (not older builds' chunks kept for open pages), by
   * its path from the manifest's folder. The one in the kit's folder lists the stable
   * entries and the current version's files (`<version>/…`).
   */
  files: Record<string, KitFile>;
}

/**
 * After the split build: builds `glasspane.min.js` (one file, lazy parts inlined), writes
 * the stable entries (`<outDir>/index.js` and `<outDir>/<name>.js`, each re-exporting the
 * current version's), precompresses every JavaScript and JSON file (`.br`, `.gz`) so the
 * host never compresses per request, writes `kit-manifest.json` (in the version folder and,
 * for the current version, in outDir) with an SRI hash per file, and prints the bundle's.
 */
function kitRelease({ outDir, version, logLevel }: { outDir: string; version: string; logLevel?: LogLevel }): Plugin {
  let logger: Logger | undefined;
  return {
    name: 'glasspane:kit-release',
    apply: 'build',
    configResolved(config) {
      logger = config.logger;
    },
    async writeBundle(_, bundle) {
      const versionDir = join(outDir, version);
      const kit = kitBuild();
      const single = await build({
        ...kit,
        configFile: false,
        root: repo,
        logLevel: logLevel ?? 'warn',
        build: {
          ...kit.build,
          outDir: versionDir,
          emptyOutDir: false,
          copyPublicDir: false,
          sourcemap: true,
          lib: { entry: join(repo, 'elements/all.ts'), formats: ['es'], fileName: () => BUNDLE },
          rollupOptions: { ...kit.build.rollupOptions, output: { inlineDynamicImports: true } },
        },
      });
      const outputs = [
        ...(Array.isArray(single) ? single : [single as Rollup.RollupOutput]).flatMap((o) => o.output),
        ...Object.values(bundle),
      ];
      const written = outputs.filter((o) => o.type === 'chunk').map((o) => o.fileName);

      // The stable entries: a page on /elements/index.js gets the current version's modules.
      const stable: string[] = [];
      for (const o of Object.values(bundle)) {
        if (o.type !== 'chunk' || !o.isEntry) continue;
        const target = JSON.stringify(`./${version}/${o.fileName}`);
        const lines = [`// Glasspane kit ${version}. Pin ${target.slice(3, -1)} to stay on this version.`, `export * from ${target};`];
        if (o.exports.includes('default')) lines.push(`export { default } from ${target};`);
        writeFileSync(join(outDir, o.fileName), `${lines.join('\n')}\n`);
        stable.push(o.fileName);
      }

      const files = await describe(versionDir, written);
      const manifest: KitManifest = { name: '@glasspane/elements', version, files };
      writeFileSync(join(versionDir, 'kit-manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      await precompress(join(versionDir, 'kit-manifest.json'));
      const current: KitManifest = {
        name: '@glasspane/elements',
        version,
        files: {
          ...(await describe(outDir, stable)),
          ...Object.fromEntries(Object.entries(files).map(([f, d]) => [`${version}/${f}`, d])),
        },
      };
      writeFileSync(join(outDir, 'kit-manifest.json'), `${JSON.stringify(current, null, 2)}\n`);
      await precompress(join(outDir, 'kit-manifest.json'));

      const min = files[BUNDLE]!;
      const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
      logger?.info(
        [
          `\nKit ${version} in ${versionDir} (the stable entries in ${outDir} point at it).`,
          `${BUNDLE}: ${kb(min.bytes)}, ${kb(min.br)} brotli, ${kb(min.gzip)} gzip`,
          `  integrity ${min.integrity}`,
          `  <script type="module" src="https://YOUR-HOST/elements/${version}/${BUNDLE}" integrity="${min.integrity}" crossorigin></script>`,
          `Every file's hash: ${join(versionDir, 'kit-manifest.json')}`,
        ].join('\n'),
      );
    },
  };
}

/** Hashes, precompresses and measures `files` (relative to `dir`). */
async function describe(dir: string, files: string[]): Promise<Record<string, KitFile>> {
  const out: Record<string, KitFile> = {};
  await Promise.all(
    files.map(async (file) => {
      const body = readFileSync(join(dir, file));
      const { gzip, br } = await precompress(join(dir, file), body);
      out[file] = { integrity: `sha384-${createHash('sha384').update(body).digest('base64')}`, bytes: body.length, gzip, br };
    }),
  );
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

/**
 * Writes `<file>.br` and `<file>.gz` next to it, at the strongest settings (this runs once
 * per build, the host serves them as they are). A chunk's name carries its content hash,
 * so a chunk whose copies exist already is not compressed again.
 */
async function precompress(file: string, body = readFileSync(file)): Promise<{ gzip: number; br: number }> {
  if (/[\\/]chunks[\\/]/.test(file) && existsSync(`${file}.br`) && existsSync(`${file}.gz`)) {
    // Newer than the chunk the build just wrote again: the host takes an older copy for stale.
    const now = new Date();
    for (const copy of [`${file}.br`, `${file}.gz`]) utimesSync(copy, now, now);
    return { gzip: statSync(`${file}.gz`).size, br: statSync(`${file}.br`).size };
  }
  const [gz, br] = await Promise.all([
    gzipAsync(body, { level: 9 }),
    brotliAsync(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    }),
  ]);
  writeFileSync(`${file}.gz`, gz);
  writeFileSync(`${file}.br`, br);
  return { gzip: gz.length, br: br.length };
}
