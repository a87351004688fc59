import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describeConfig, loadHostConfig } from './config.js';
import statuspagePlugin from '../plugins/statuspage/index.js';

const KEY = 'k3y-Wf8s9QpLzXc2VbN7mR4t';

describe('host configuration', () => {
  it('resolves a valid environment, with defaults and the plugins its variables enable', () => {
    const result = loadHostConfig({
      GLASSPANE_ADMIN_KEY: KEY,
      PORT: '9000',
      OPENSTACK_AUTH_URL: 'https://keystone.example/v3',
      GLASSPANE_RETURNS_ADDRESS: 'A|B',
      GLASSPANE_PROVIDER_NAME: '',
    });
    assert.ok(result.ok);
    assert.equal(result.config.port, 9000);
    assert.deepEqual(result.config.plugins, ['local', 'openstack']);
    assert.deepEqual(result.config.orders, { billingTimeZone: undefined, providerName: undefined, returnsAddress: ['A', 'B'] });
    assert.equal(result.config.migrate, true);
    assert.equal(result.config.shutdownTimeoutMs, 10_000);
    assert.equal(result.config.keepAliveTimeoutMs, 65_000, 'idle connections outlive a load balancer’s 60 s');
    assert.deepEqual(result.config.log, { level: 'info', format: 'json' });
    assert.deepEqual(
      result.config.support,
      { reopenDays: 14, autoCloseDays: 7, attachments: {} },
      'the ticket periods default to 14 and 7 days, attachment limits to theirs',
    );
  });

  it('reads the names customers know the providers by, and names a malformed list', () => {
    const result = loadHostConfig({
      GLASSPANE_ADMIN_KEY: KEY,
      GLASSPANE_PROVIDER_NAMES: '{"openstack":"Nimbus Cloud","stripe":"Nimbus Pay"}',
    });
    assert.ok(result.ok);
    assert.deepEqual(result.config.providerNames, { openstack: 'Nimbus Cloud', stripe: 'Nimbus Pay' });
    assert.deepEqual(describeConfig(result.config).providerNames, { openstack: 'Nimbus Cloud', stripe: 'Nimbus Pay' });
    const none = loadHostConfig({ GLASSPANE_ADMIN_KEY: KEY });
    assert.ok(none.ok);
    assert.deepEqual(none.config.providerNames, {});
    for (const bad of ['openstack=Nimbus Cloud', '["Nimbus"]', '{"openstack":""}', '{"openstack":7}']) {
      const result = loadHostConfig({ GLASSPANE_ADMIN_KEY: KEY, GLASSPANE_PROVIDER_NAMES: bad });
      assert.ok(!result.ok, bad);
      const [problem] = result.problems.filter((p) => p.variable === 'GLASSPANE_PROVIDER_NAMES');
      assert.match(problem!.problem, /JSON object of plugin id/, bad);
      assert.match(problem!.example, /"openstack":"Example Cloud"/);
    }
  });

  it('reads the keep-alive timeout, and names a bad one', () => {
    const result = loadHostConfig({ GLASSPANE_ADMIN_KEY: KEY, GLASSPANE_KEEP_ALIVE_TIMEOUT_SECONDS: '620' });
    assert.ok(result.ok);
    assert.equal(result.config.keepAliveTimeoutMs, 620_000);
    assert.equal(describeConfig(result.config).keepAliveTimeoutMs, 620_000);
    const bad = loadHostConfig({ GLASSPANE_ADMIN_KEY: KEY, GLASSPANE_KEEP_ALIVE_TIMEOUT_SECONDS: '65s' });
    assert.ok(!bad.ok);
    const [problem] = bad.problems.filter((p) => p.variable === 'GLASSPANE_KEEP_ALIVE_TIMEOUT_SECONDS');
    assert.match(problem!.problem, /whole number \(seconds an idle keep-alive connection stays open\)/);
    assert.match(problem!.example, /^65 /);
  });

  it('reads the ticket reopen and auto-close periods, and names a bad one', () => {
    const result = loadHostConfig({ GLASSPANE_ADMIN_KEY: KEY, GLASSPANE_TICKET_REOPEN_DAYS: '30', GLASSPANE_TICKET_AUTO_CLOSE_DAYS: '3' });
    assert.ok(result.ok);
    assert.deepEqual(result.config.support, { reopenDays: 30, autoCloseDays: 3, attachments: {} });
    assert.deepEqual(describeConfig(result.config).support, { reopenDays: 30, autoCloseDays: 3, attachments: {} });
    const bad = loadHostConfig({
      GLASSPANE_ADMIN_KEY: KEY,
      GLASSPANE_TICKET_REOPEN_DAYS: 'two weeks',
      GLASSPANE_TICKET_AUTO_CLOSE_DAYS: '0',
    });
    assert.ok(!bad.ok);
    const byVariable = Object.fromEntries(bad.problems.map((p) => [p.variable, p]));
    assert.match(
      byVariable.GLASSPANE_TICKET_REOPEN_DAYS!.problem,
      /whole number of days \(how long after closing a customer may reopen a ticket\)/,
    );
    assert.match(byVariable.GLASSPANE_TICKET_AUTO_CLOSE_DAYS!.problem, /between 1 and 365 days/);
    assert.match(byVariable.GLASSPANE_TICKET_AUTO_CLOSE_DAYS!.example, /^7/);
  });

  it('reads the ticket attachment limits, and names a bad one', () => {
    const env = {
      GLASSPANE_ADMIN_KEY: KEY,
      GLASSPANE_ATTACHMENT_MAX_BYTES: '2048',
      GLASSPANE_ATTACHMENT_MAX_FILES: '2',
      GLASSPANE_ATTACHMENT_TYPES: 'image/png, Text/Plain',
    };
    const result = loadHostConfig(env);
    assert.ok(result.ok);
    assert.deepEqual(result.config.support.attachments, { maxBytes: 2048, maxFiles: 2, types: ['image/png', 'text/plain'] });
    const bad = loadHostConfig({
      GLASSPANE_ADMIN_KEY: KEY,
      GLASSPANE_ATTACHMENT_MAX_BYTES: '0',
      GLASSPANE_ATTACHMENT_MAX_FILES: 'many',
      GLASSPANE_ATTACHMENT_TYPES: 'png',
    });
    assert.ok(!bad.ok);
    const byVariable = Object.fromEntries(bad.problems.map((p) => [p.variable, p]));
    assert.match(byVariable.GLASSPANE_ATTACHMENT_MAX_BYTES!.problem, /between 1 and 104857600 \(bytes per ticket attachment\)/);
    assert.match(byVariable.GLASSPANE_ATTACHMENT_MAX_FILES!.problem, /whole number \(files per ticket message\)/);
    assert.match(byVariable.GLASSPANE_ATTACHMENT_TYPES!.problem, /media types such as image\/png/);
  });

  it('lists every problem at once: the variable, what is wrong, an example', () => {
    const result = loadHostConfig({
      GLASSPANE_ADMIN_KEY: 'short',
      PORT: '99999',
      GLASSPANE_BILLING_TIME_ZONE: 'Mars/Olympus',
      GLASSPANE_MIGRATE: 'maybe',
      GLASSPANE_TOKEN_SECRET: 'x',
    });
    assert.ok(!result.ok);
    const byVariable = Object.fromEntries(result.problems.map((p) => [p.variable, p]));
    assert.deepEqual(Object.keys(byVariable).sort(), [
      'GLASSPANE_ADMIN_KEY',
      'GLASSPANE_BILLING_TIME_ZONE',
      'GLASSPANE_MIGRATE',
      'GLASSPANE_TOKEN_SECRET',
      'PORT',
    ]);
    assert.match(byVariable.GLASSPANE_ADMIN_KEY!.problem, /at least 20 characters/);
    assert.match(byVariable.PORT!.problem, /between 0 \(any free port\) and 65535/);
    assert.match(byVariable.GLASSPANE_BILLING_TIME_ZONE!.example, /Europe\/Berlin/);
  });

  it("validates an enabled plugin's own variables with the host's", () => {
    const result = loadHostConfig({ STATUSPAGE_PAGE_ID: 'abc' }, { plugins: { statuspage: statuspagePlugin } });
    assert.ok(!result.ok);
    assert.ok(result.problems.some((p) => p.variable === 'GLASSPANE_ADMIN_KEY'));
    assert.ok(
      result.problems.some((p) => p.variable === 'plugin statuspage'),
      JSON.stringify(result.problems),
    );
  });

  it('turns traces on with an OTLP endpoint, names a bad one, and describes it without its query', () => {
    const off = loadHostConfig({ GLASSPANE_ADMIN_KEY: KEY });
    assert.ok(off.ok);
    assert.deepEqual(off.config.tracing, { endpoint: undefined, serviceName: 'glasspane' });
    assert.match(String(describeConfig(off.config).tracing), /^\(off/);
    const on = loadHostConfig({
      GLASSPANE_ADMIN_KEY: KEY,
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://c.example/v1/traces?key=s3cret',
      OTEL_SERVICE_NAME: 'portal-eu',
    });
    assert.ok(on.ok);
    assert.deepEqual(on.config.tracing, { endpoint: 'https://c.example/v1/traces?key=s3cret', serviceName: 'portal-eu' });
    assert.deepEqual(describeConfig(on.config).tracing, { endpoint: 'https://c.example/v1/traces', serviceName: 'portal-eu' });
    const bad = loadHostConfig({ GLASSPANE_ADMIN_KEY: KEY, OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' });
    assert.ok(!bad.ok);
    assert.deepEqual(
      bad.problems.map((p) => p.variable),
      ['OTEL_EXPORTER_OTLP_ENDPOINT'],
    );
    assert.match(bad.problems[0]!.problem, /http:\/\/ or https:\/\//);
  });

  it('masks secrets and a database password when describing the configuration', () => {
    const result = loadHostConfig({
      GLASSPANE_ADMIN_KEY: KEY,
      GLASSPANE_METRICS_TOKEN: 'metrics-token-0123456789',
      DATABASE_URL: 'postgres://app:hunter2@db:5432/gp',
    });
    assert.ok(result.ok);
    const text = JSON.stringify(describeConfig(result.config));
    assert.ok(!text.includes(KEY) && !text.includes('hunter2') && !text.includes('metrics-token-0123456789'), text);
    assert.match(text, /postgres:\/\/app:\*+@db:5432\/gp/);
  });

  it('--check-config prints the configuration and exits 0, or the problems and exits 1', () => {
    const run = (env: Record<string, string>, ...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'host/main.ts', '--check-config', ...args], {
        env: { PATH: process.env.PATH!, ...env },
        encoding: 'utf8',
        timeout: 60_000,
      });
    const good = run({ GLASSPANE_ADMIN_KEY: KEY, PORT: '8123' });
    assert.equal(good.status, 0, good.stderr);
    assert.equal(JSON.parse(good.stdout).port, 8123);
    assert.ok(!good.stdout.includes(KEY));
    const bad = run({ PORT: 'eighty' });
    assert.equal(bad.status, 1);
    assert.match(bad.stderr, /GLASSPANE_ADMIN_KEY is not set/);
    assert.match(bad.stderr, /PORT must be a port number/);
    assert.match(JSON.parse(good.stdout).migrate, /^at start/);
    // --no-migrate is GLASSPANE_MIGRATE=off, and wins over GLASSPANE_MIGRATE=on.
    const noMigrate = run({ GLASSPANE_ADMIN_KEY: KEY, GLASSPANE_MIGRATE: 'on' }, '--no-migrate');
    assert.equal(noMigrate.status, 0, noMigrate.stderr);
    assert.match(JSON.parse(noMigrate.stdout).migrate, /^off/);
    const typo = run({ GLASSPANE_ADMIN_KEY: KEY }, '--no-migrations');
    assert.equal(typo.status, 1);
    assert.match(typo.stderr, /Unknown argument --no-migrations: host\/main.ts takes --check-config and --no-migrate/);
    assert.equal(typo.stdout, '', 'nothing printed as if the configuration were checked');
  });
});
