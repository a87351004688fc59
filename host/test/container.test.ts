/**
 * The container image, checked without a Docker daemon (CI machines and this repository's
 * own often have none; `.ci/docker-image` builds and starts the image where one answers).
 * What can go wrong in the image without breaking any other test: the runtime importing a
 * file the image leaves out (a test helper, something `.dockerignore` drops) or a package
 * that is only a dev dependency (the image installs `npm ci --omit=dev`), and the Dockerfile
 * losing its non-root user, its health check or its production-only dependencies.
 * And `.ci/docker-image` itself, against a stand-in `docker` command.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface Stage {
  name: string | undefined;
  lines: string[];
}

/** The Dockerfile's stages (`FROM … AS name`), each with its instructions, continuation lines joined. */
function stages(dockerfile: string): Stage[] {
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const found: Stage[] = [];
  for (const line of instructions) {
    const from = /^FROM\s+\S+(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) found.push({ name: from[1], lines: [] });
    else found.at(-1)?.lines.push(line);
  }
  return found;
}

/** Whether `.dockerignore` keeps `file` (a path relative to the repository) out of the build context. */
function ignoredByDocker(file: string, patterns: string[]): boolean {
  const WILDCARDS: Record<string, string> = { '**/': '(?:.*/)?', '**': '.*', '*': '[^/]*', '?': '[^/]' };
  // A pattern matches a path or a folder above it (a folder's exclusion takes its contents).
  const regex = (pattern: string) =>
    new RegExp(
      `^${pattern.replace(/^\/+|\/+$/g, '').replace(/\*\*\/|\*\*|\*|\?|[.+^${}()|[\]\\]/g, (t) => WILDCARDS[t] ?? `\\${t}`)}(?:/.*)?$`,
    );
  let ignored = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (regex(negated ? pattern.slice(1) : pattern).test(file)) ignored = !negated;
  }
  return ignored;
}

/**
 * The files and packages a module loads at run time, transitively: static imports and
 * re-exports (not `import type`, which the TypeScript loader erases) and `import()` with a
 * literal, resolved as tsx resolves them (tsconfig.json's paths included).
 */
function runtimeGraph(entries: string[]): { files: Set<string>; packages: Map<string, string>; unresolved: string[] } {
  const configFile = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, ROOT);
  const files = new Set<string>();
  const packages = new Map<string, string>();
  const unresolved: string[] = [];
  const queue = entries.map((e) => join(ROOT, e));
  while (queue.length) {
    const file = queue.pop()!;
    const path = relative(ROOT, file);
    if (files.has(path)) continue;
    files.add(path);
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const specifiers: string[] = [];
    const visit = (node: ts.Node) => {
      if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier))
        specifiers.push(node.moduleSpecifier.text);
      else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier))
        specifiers.push(node.moduleSpecifier.text);
      else if (
        ts.isCallExpression(node) &&
        node.expression.kind === ts.SyntaxKind.ImportKeyword &&
        node.arguments[0] &&
        ts.isStringLiteral(node.arguments[0])
      ) {
        specifiers.push(node.arguments[0].text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    for (const specifier of specifiers) {
      if (isBuiltin(specifier)) continue;
      const resolved = ts.resolveModuleName(specifier, file, options, ts.sys).resolvedModule;
      if (!resolved) unresolved.push(`${specifier} (from ${path})`);
      else if (resolved.isExternalLibraryImport) packages.set(packageName(specifier), path);
      else queue.push(resolved.resolvedFileName);
    }
  }
  return { files, packages, unresolved };
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
function packageName(specifier: string): string {
  return specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
}

describe('the container image (Dockerfile, checked without a daemon)', () => {
  const dockerfile = read('Dockerfile');
  const all = stages(dockerfile);
  const final = all.at(-1)!;

  it('the final stage runs as the unprivileged node user, checks /healthz, and gets node_modules from an `npm ci --omit=dev` stage', () => {
    const users = final.lines.filter((l) => /^USER\s/i.test(l));
    assert.deepEqual(users, ['USER node'], 'one USER, not root');
    const cmdAt = final.lines.findIndex((l) => /^CMD\s/i.test(l));
    assert.ok(final.lines.findIndex((l) => /^USER\s/i.test(l)) < cmdAt, 'USER comes before CMD');
    const healthcheck = final.lines.find((l) => /^HEALTHCHECK\s/i.test(l));
    assert.ok(healthcheck?.includes('/healthz'), healthcheck);

    const modules = final.lines.filter((l) => /^COPY\s.*node_modules/i.test(l));
    assert.equal(modules.length, 1, modules.join('\n'));
    const from = /--from=(\S+)/.exec(modules[0]!)?.[1];
    const source = all.find((s) => s.name === from);
    assert.ok(source, `node_modules come from stage ${from}`);
    assert.ok(
      source.lines.some((l) => /^RUN\s+npm ci\b.*--omit=dev/.test(l)),
      `stage ${from} installs production dependencies only`,
    );
    assert.ok(!final.lines.some((l) => /^COPY\s+(--\S+\s+)*\.\s/i.test(l)), 'the final stage does not copy the whole context');
    for (const line of final.lines.filter((l) => /--from=/.test(l))) {
      const name = /--from=(\S+)/.exec(line)![1];
      assert.ok(
        all.some((s) => s.name === name),
        `${line}: no stage ${name}`,
      );
    }
  });

  it('everything the entry points load at run time is in the image, and every package they import is a production dependency', () => {
    // The image's CMD and compose.yaml's one-off migration step.
    const entries = [...`${dockerfile}\n${read('compose.yaml')}`.matchAll(/"(host\/[\w/-]+\.ts)"/g)].map((m) => m[1]!);
    assert.deepEqual([...new Set(entries)].sort(), ['host/main.ts', 'host/migrate.ts']);
    const { files, packages, unresolved } = runtimeGraph([...new Set(entries)]);
    assert.deepEqual(unresolved, []);
    assert.ok(files.has('plugins/openstack/index.ts'), 'the graph reaches the plugins');

    const ignore = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    // What the final stage copies from the build context (not from another stage).
    const copied = final.lines
      .filter((l) => /^COPY\s/i.test(l) && !/--from=/.test(l))
      .flatMap((l) => l.split(/\s+/).slice(1, -1))
      .filter((s) => !s.startsWith('--'));
    const missing = [...files].filter((f) => ignoredByDocker(f, ignore) || !copied.some((c) => f === c || f.startsWith(`${c}/`)));
    assert.deepEqual(missing, [], 'loaded at run time but not in the image');

    const manifest = (path: string) => JSON.parse(read(path)) as { dependencies?: Record<string, string> };
    const production = new Set(
      ['package.json', 'host/package.json', 'plugins/package.json'].flatMap((p) => Object.keys(manifest(p).dependencies ?? {})),
    );
    const loader = /"--import",\s*"([^"]+)"/.exec(dockerfile)?.[1];
    assert.equal(loader, 'tsx');
    const notInstalled = [...packages, [loader, 'Dockerfile CMD'] as const]
      .filter(([name]) => !production.has(name))
      .map(([name, from]) => `${name} (from ${from})`);
    assert.deepEqual(notInstalled, [], 'imported at run time but not a production dependency');
  });

  it('.dockerignore: the check reads it as Docker does', () => {
    const patterns = ['node_modules', '**/*.test.ts', 'host/test', '*.log', '!keep.log'];
    assert.equal(ignoredByDocker('node_modules/pino/index.js', patterns), true);
    assert.equal(ignoredByDocker('host/jobs.test.ts', patterns), true);
    assert.equal(ignoredByDocker('jobs.test.ts', patterns), true);
    assert.equal(ignoredByDocker('host/test/helpers.ts', patterns), true);
    assert.equal(ignoredByDocker('host/testing.ts', patterns), false);
    assert.equal(ignoredByDocker('host/jobs.ts', patterns), false);
    assert.equal(ignoredByDocker('a.log', patterns), true);
    assert.equal(ignoredByDocker('host/a.log', patterns), false, '* does not cross folders');
    assert.equal(ignoredByDocker('keep.log', patterns), false, 'a later ! pattern brings a file back');
  });
});

describe('.ci/docker-image', () => {
  /**
   * Runs the script with a stand-in `docker` first on PATH that logs its arguments and
   * answers as `answers` says (exit code and output per subcommand).
   */
  function runWithDocker(answers: Record<string, { code?: number; out?: string }>): { code: number | null; out: string; calls: string[] } {
    const dir = mkdtempSync(join(tmpdir(), 'gp-docker-'));
    try {
      const log = join(dir, 'calls');
      const cases = Object.entries(answers)
        .map(([sub, a]) => `  ${sub}) printf '%s\\n' ${JSON.stringify(a.out ?? '')}; exit ${a.code ?? 0} ;;`)
        .join('\n');
      writeFileSync(join(dir, 'docker'), `#!/bin/sh\necho "$*" >> ${JSON.stringify(log)}\ncase "$1" in\n${cases}\n  *) exit 0 ;;\nesac\n`);
      chmodSync(join(dir, 'docker'), 0o755);
      const run = spawnSync('bash', [join(ROOT, '.ci/docker-image')], {
        env: { PATH: `${dir}:${dirname(process.execPath)}:/usr/bin:/bin`, GLASSPANE_IMAGE_HEALTH_TIMEOUT_SECONDS: '5' },
        encoding: 'utf8',
      });
      return { code: run.status, out: run.stdout + run.stderr, calls: existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [] };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('without a daemon: says the image was not built, and succeeds', () => {
    const { code, out, calls } = runWithDocker({ info: { code: 1, out: 'Cannot connect to the Docker daemon' } });
    assert.equal(code, 0, out);
    assert.match(out, /^Docker daemon not available: image not built/m);
    assert.deepEqual(calls, ['info']);
  });

  it('with a daemon: builds the image, starts it until its health check passes, and removes the container', () => {
    const { code, out, calls } = runWithDocker({ run: { out: 'c0ffee' }, inspect: { out: 'true healthy' } });
    assert.equal(code, 0, out);
    assert.equal(calls[0], 'info');
    assert.equal(calls[1], 'build -t glasspane:ci .');
    assert.match(calls[2]!, /^run -d -e GLASSPANE_ADMIN_KEY=\S{20,} glasspane:ci$/);
    assert.ok(calls.includes('inspect --format {{.State.Running}} {{.State.Health.Status}} c0ffee'), calls.join('\n'));
    assert.equal(calls.at(-1), 'rm -f c0ffee');
    assert.match(out, /healthy/);
  });

  it('fails when the build fails or the container never turns healthy (showing its logs)', () => {
    const build = runWithDocker({ build: { code: 1, out: 'COPY failed' } });
    assert.notEqual(build.code, 0);
    assert.ok(!build.calls.some((c) => c.startsWith('run')), 'nothing started after a failed build');
    const exited = runWithDocker({
      run: { out: 'c0ffee' },
      inspect: { out: 'false unhealthy' },
      logs: { out: 'Error: Cannot find module' },
    });
    assert.notEqual(exited.code, 0);
    assert.match(exited.out, /Cannot find module/);
    assert.equal(exited.calls.at(-1), 'rm -f c0ffee');
  });
});
