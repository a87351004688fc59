// Element tests in real headless Chromium (Debian's). Run through `npm test`, which starts
// this under tsx so the real host can be imported and served to the elements.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

const { startTestHost } = await import('./elements/test/test-host.ts');

// The interop tests mount the kit inside real React 19 and Vue 3 apps (React both with the
// tags and with the kit's React wrappers). Those frameworks
// ship CommonJS or need a bundler's defines, so their small test apps are bundled first,
// the way a partner's portal would bundle them (one shared kit chunk for both).
const { build } = await import('vite');
await build({
  configFile: false,
  logLevel: 'warn',
  define: {
    'process.env.NODE_ENV': '"production"',
    __VUE_OPTIONS_API__: 'true',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  esbuild: { tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } } },
  build: {
    outDir: 'elements/test/interop/.built',
    emptyOutDir: true,
    minify: false,
    lib: {
      entry: {
        react: 'elements/test/interop/react-app.ts',
        'react-wrappers': 'elements/test/interop/react-wrappers-app.ts',
        vue: 'elements/test/interop/vue-app.ts',
      },
      formats: ['es'],
    },
  },
});
const { middleware } = await startTestHost();

export default {
  files: ['elements/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  middleware: [middleware],
  plugins: [esbuildPlugin({ ts: true, tsconfig: 'elements/tsconfig.json', target: 'es2021' })],
  browsers: [
    chromeLauncher({
      launchOptions: {
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
      },
    }),
  ],
};
