// Element tests in real headless Chromium (Debian's). Run through `npm test`, which starts
// this under tsx so the real host can be imported and served to the elements.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

const { startTestHost } = await import('./elements/test/test-host.ts');
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
        args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      },
    }),
  ],
};
