#!/usr/bin/env node
// `npm start`: build the kit and the docs site, then run the demo host, which serves both
// (`npm start -- --reset` starts over).
import { spawnSync, spawn } from 'node:child_process';

const build = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
// The docs site with live examples (/docs/); the demo runs without it if this fails.
spawnSync(process.execPath, ['scripts/docs.mjs'], { stdio: 'inherit' });

const child = spawn(process.execPath, ['--import', 'tsx', 'demo/server.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
