import { describe, test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { ProviderError } from '../errors.js';
import type { ComputeProvider, Server } from '../ports/compute-provider.js';

/** What a ComputeProvider's conformance run needs: the provider, its world, and a foreign server in it. */
export interface ComputeConformanceSubject {
  provider: ComputeProvider;
  /** The account under test (an OpenStack project id, a Cloud Director org). */
  scope: string;
  /**
   * A server of ANOTHER account that the provider's credentials could reach (an admin service
   * user, a provider login), and whether it is powered on, read from the provider's own world
   * (the fake's records), not through the plugin.
   */
  foreign: { id: string; poweredOn(): boolean | Promise<boolean> };
  /**
   * Lets provider tasks finish (moves a fake's clock): called every few milliseconds while the
   * suite runs, as time would pass at a real provider. Omitted where time passes by itself.
   */
  advance?(): void | Promise<void>;
  /** How long a task may take to settle. Default 20 s. */
  settleMs?: number;
  close?(): Promise<void>;
}

/**
 * The behaviour every ComputeProvider owes the host, as a `node:test` suite: tenancy (another
 * account's server is neither listed, found nor acted on), create (the server is found and
 * becomes active), graceful power actions that end in the state asked for, a readable
 * conflict, and resize where it is implemented. Run it against the plugin's fake (written
 * from the provider's documentation, with the failure modes it documents):
 *
 * @example
 * ```ts
 * computeProviderConformance('my-cloud', async () => {
 *   const fake = await startMyCloudFake();
 *   const other = fake.addServer('someone-else', { name: 'theirs' });
 *   return { provider: new MyCompute(fake.url), scope: 'mine', foreign: { id: other.id, poweredOn: () => other.on }, close: fake.close };
 * });
 * ```
 */
export function computeProviderConformance(name: string, setup: () => Promise<ComputeConformanceSubject>): void {
  describe(`ComputeProvider conformance: ${name}`, () => {
    let s: ComputeConformanceSubject;
    let created: Server | undefined;
    let clock: ReturnType<typeof setInterval> | undefined;
    before(async () => {
      s = await setup();
      if (s.advance) clock = setInterval(() => void s.advance?.(), 10);
    });
    after(async () => {
      clearInterval(clock);
      await s?.close?.();
    });

    /** Polls the server (letting tasks finish) until `done`, within the settle time. */
    const until = async (id: string, done: (server: Server) => boolean, what: string): Promise<Server> => {
      const deadline = Date.now() + (s.settleMs ?? 20_000);
      for (;;) {
        const server = await s.provider.getServer(s.scope, id);
        if (server && done(server)) return server;
        if (Date.now() > deadline)
          throw new Error(`${name}: the server did not become ${what} (last: ${server?.status ?? 'gone'}, task ${server?.task ?? 'none'})`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    const refusal = async (promise: Promise<unknown>): Promise<ProviderError> => {
      const err = await promise.then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(err instanceof ProviderError, `${name}: expected a ProviderError, got ${String(err)}`);
      return err;
    };

    test("lists only the account's servers; another account's server is not found by id", async () => {
      const listed = await s.provider.listServers(s.scope);
      assert.ok(!listed.some((x) => x.id === s.foreign.id), 'a foreign server is listed');
      assert.equal(await s.provider.getServer(s.scope, s.foreign.id), undefined, 'a foreign server is found by id');
      assert.equal(await s.provider.getServer(s.scope, 'no-such-server-0000'), undefined, 'an unknown id is not undefined');
    });

    test("refuses power actions on another account's server as not found, and nothing happens there", async () => {
      assert.equal(await s.foreign.poweredOn(), true, 'the foreign server must be running for this test');
      for (const action of ['stop', 'reboot'] as const) {
        const err = await refusal(s.provider.powerAction(s.scope, s.foreign.id, action));
        assert.equal(err.failure, 'not_found', `${action}: ${err.message}`);
      }
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(await s.foreign.poweredOn(), true, 'the foreign server was touched');
    });

    test('lists flavors and images a server can be created from', async () => {
      const flavors = await s.provider.listFlavors(s.scope);
      assert.ok(flavors.length > 0, 'no flavors');
      assert.ok(
        flavors.every((f) => f.id && f.name && f.vcpus > 0 && f.ramMb > 0),
        JSON.stringify(flavors),
      );
      assert.ok((await s.provider.listImages(s.scope)).length > 0, 'no images');
    });

    test('a created server is found by id and in the list, and becomes active', async () => {
      const [flavor] = (await s.provider.listFlavors(s.scope)).sort((a, b) => a.ramMb - b.ramMb);
      const [image] = await s.provider.listImages(s.scope);
      const name = `conformance-${Math.random().toString(36).slice(2, 8)}`;
      const started = await s.provider.createServer(s.scope, { name, flavorId: flavor!.id, imageId: image!.id });
      assert.equal(started.name, name);
      assert.ok(
        (await s.provider.listServers(s.scope)).some((x) => x.id === started.id),
        'the new server is not listed',
      );
      created = await until(started.id, (x) => x.status === 'active' && !x.task, 'active');
    });

    test('stop ends stopped; stopping again is a conflict a person can read; start brings it back', async () => {
      assert.ok(created, 'needs the created server');
      await s.provider.powerAction(s.scope, created.id, 'stop');
      await until(created.id, (x) => x.status === 'stopped' && !x.task, 'stopped');
      const again = await refusal(s.provider.powerAction(s.scope, created.id, 'stop'));
      assert.equal(again.failure, 'conflict', again.message);
      assert.ok(again.message.length > 0 && !again.message.includes('{'), `not readable: ${again.message}`);
      await s.provider.powerAction(s.scope, created.id, 'start');
      await until(created.id, (x) => x.status === 'active' && !x.task, 'active again');
    });

    test('resize, where implemented, ends on the new size in the power state the server had', async (t) => {
      if (!s.provider.resize) return t.skip('resize is not implemented');
      assert.ok(created, 'needs the created server');
      const before = (await s.provider.getServer(s.scope, created.id))!;
      const flavors = await s.provider.listFlavors(s.scope);
      // A larger flavor whose disk does not shrink (0: the flavor sets no disk, as VCD sizing policies).
      const target = flavors.find(
        (f) =>
          f.id !== before.flavor?.id &&
          f.name !== before.flavor?.name &&
          (f.diskGb === 0 || f.diskGb >= (before.flavor?.diskGb ?? 0)) &&
          f.ramMb > (before.flavor?.ramMb ?? 0),
      );
      if (!target) return t.skip('the provider lists no larger flavor');
      await s.provider.resize(s.scope, created.id, target.id);
      const after = await until(
        created.id,
        (x) => !x.task && (x.status === 'active' || x.status === 'stopped'),
        'settled after the resize',
      );
      assert.ok(
        after.flavor?.id === target.id ||
          after.flavor?.name === target.name ||
          (after.flavor?.vcpus === target.vcpus && after.flavor?.ramMb === target.ramMb),
        `still on ${JSON.stringify(after.flavor)}`,
      );
      assert.equal(after.status, before.status, 'the power state changed');
    });
  });
}
