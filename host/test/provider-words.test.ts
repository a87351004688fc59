import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_KEY, createTestHost, seedTwoTenants, type TestHost } from './helpers.js';
import { MemoryCompute } from './fake-compute-provider.js';
import { ProviderError } from '../errors.js';
import { errorMessage, errorText } from '../error-messages.js';
import { failureDetail } from '../features/orders/order-records.js';
import { customerProviderMessage } from '../provider-words.js';
import localPlugin from '../../plugins/local/index.js';

type ErrorDoc = { errors: { status: string; code: string; title: string; detail?: string; meta?: Record<string, unknown> }[] };

/**
 * A provider's failure as each reader reads it: a customer the host's words, in their language,
 * naming the service by the provider's configured name or by what it is, never the plugin's
 * sentence, its id or the upstream status; staff the provider's own words.
 */
describe("a provider's failure in words its reader may read", () => {
  let host: TestHost;
  const cloud = new MemoryCompute('memcloud');
  const backup = new MemoryCompute('othercloud');
  let customer: string;
  let staff: string;
  const de = { 'accept-language': 'de' };

  before(async () => {
    host = await createTestHost({
      plugins: [localPlugin, cloud.plugin(), backup.plugin()],
      providerNames: { memcloud: 'Nimbus Cloud' },
    });
    await seedTwoTenants(host);
    cloud.addServer('a1', { id: 'web-01' });
    backup.addServer('b1', { id: 'db-01' });
    await host.services.compute.setAccounts('acme', [
      { source: 'memcloud', scope: 'a1' },
      { source: 'othercloud', scope: 'b1' },
    ]);
    customer = await host.token('acme', ['customer', 'technical']);
    staff = await host.token('acme', ['staff', 'technical']);
  });
  after(() => host.close());

  const stop = (id: string, token: string, headers: Record<string, string> = {}) =>
    host.request('POST', `/api/v1/servers/${id}/actions`, {
      token,
      headers,
      body: { data: { type: 'server-actions', attributes: { action: 'stop' } } },
    });
  const firstError = async (res: Response) => ({ ...((await res.json()) as ErrorDoc).errors[0]!, status: res.status });

  test('a refusal: the customer reads the host’s words with the configured name; staff read the provider’s', async () => {
    // The server runs, but the provider refuses to stop it (another task holds it): nothing the host can explain.
    Object.assign(cloud, {
      powerAction: async () => {
        throw new ProviderError('memcloud', 'Instance web-01 is locked by task 7f3a (live-migration).', {
          status: 409,
          code: 'server_state_conflict',
        });
      },
    });
    try {
      const english = await firstError(await stop('memcloud:web-01', customer));
      assert.equal(english.status, 409);
      assert.equal(english.code, 'server_state_conflict', 'the provider’s code stays: clients branch on it');
      assert.equal(english.title, 'Not possible right now');
      assert.equal(
        english.detail,
        'Nimbus Cloud cannot do this now: it is already under way, or the current state does not allow it. Try again in a moment.',
      );
      assert.equal(english.meta?.service, 'compute');
      assert.equal(english.meta?.provider, undefined, 'no plugin id');
      assert.equal(english.meta?.upstreamStatus, undefined);
      assert.ok(english.meta?.requestId, 'support finds the provider’s words in the log by the request id');

      const german = await firstError(await stop('memcloud:web-01', customer, de));
      assert.equal(german.title, 'Gerade nicht möglich');
      assert.match(german.detail!, /^Nimbus Cloud kann das gerade nicht ausführen: /);

      const seen = await firstError(await stop('memcloud:web-01', staff));
      assert.equal(seen.status, 409);
      assert.equal(seen.detail, 'Instance web-01 is locked by task 7f3a (live-migration).');
      assert.equal(seen.meta?.provider, 'memcloud');
    } finally {
      delete (cloud as { powerAction?: unknown }).powerAction;
    }
  });

  test('without a configured name the customer reads what the service is; an outage keeps Retry-After', async () => {
    // Made during the port call, as a plugin's error is: the host knows which service failed.
    Object.defineProperty(backup, 'failing', {
      configurable: true,
      get: () =>
        new ProviderError('othercloud', 'Keystone refused the credentials; check OS_PASSWORD.', {
          failure: 'unavailable',
          code: 'provider_auth_failed',
          upstreamStatus: 401,
          retryAfterSeconds: 30,
        }),
    });
    try {
      const res = await host.request('GET', '/api/v1/servers/othercloud:db-01', { token: customer, headers: de });
      assert.equal(res.headers.get('retry-after'), '30');
      const german = await firstError(res);
      assert.equal(german.status, 503);
      assert.equal(german.title, 'Vorübergehend nicht verfügbar');
      assert.equal(german.detail, 'Die Serverplattform ist gerade nicht erreichbar; versuchen Sie es in ein paar Minuten erneut.');
      assert.doesNotMatch(JSON.stringify(german), /Keystone|OS_PASSWORD|othercloud|401/);

      // A list with one source down: served, and `meta.unavailable` in the same words.
      const list = (await (await host.request('GET', '/api/v1/servers', { token: customer })).json()) as {
        data: { id: string }[];
        meta: { unavailable: { source: string; code: string; detail: string }[] };
      };
      assert.deepEqual(
        list.data.map((s) => s.id),
        ['memcloud:web-01'],
      );
      assert.deepEqual(list.meta.unavailable, [
        {
          source: 'othercloud',
          code: 'provider_auth_failed',
          detail: 'The server platform cannot be reached right now; try again in a few minutes.',
        },
      ]);
      const staffList = (await (await host.request('GET', '/api/v1/servers', { token: staff })).json()) as typeof list;
      assert.equal(staffList.meta.unavailable[0]!.detail, 'Keystone refused the credentials; check OS_PASSWORD.');

      // The inventory names the missing details' source as the reader knows it.
      await host.request('PUT', '/api/v1/catalog/vm-s', {
        token: ADMIN_KEY,
        body: {
          data: {
            type: 'catalog-items',
            attributes: { product: 'vm', kind: 'plan', name: 'VM S', currency: 'EUR', monthlyAmount: 1000, rank: 1 },
          },
        },
      });
      const planned = await host.request('PUT', '/api/v1/tenants/acme/service-plans/othercloud:db-01', {
        token: ADMIN_KEY,
        body: {
          data: {
            type: 'service-plans',
            attributes: { serviceName: 'db-01', planId: 'vm-s', anchorDay: 1, startedOn: '2026-01-01', renewsOn: '2027-01-01' },
          },
        },
      });
      assert.equal(planned.status, 200, await planned.clone().text());
      const inventory = async (token: string, lang = 'en') =>
        ((await (await host.request('GET', `/api/v1/inventory?lang=${lang}`, { token })).json()) as { meta: { unavailable: string[] } })
          .meta.unavailable;
      assert.deepEqual(await inventory(customer), ['Server platform']);
      assert.deepEqual(await inventory(customer, 'de'), ['Serverplattform']);
      assert.deepEqual(await inventory(staff), ['othercloud']);
    } finally {
      Object.defineProperty(backup, 'failing', { configurable: true, writable: true, value: null });
    }
  });

  test('a quota, whichever status the provider refuses it with, reads as a quota', () => {
    for (const status of [409, 422, 403]) {
      const err = new ProviderError('openstack', "Your project's quota does not allow this: Quota exceeded for cores", {
        status,
        code: 'quota_exceeded',
        operation: 'compute.createServer',
      });
      const message = customerProviderMessage(err, {});
      assert.equal(message.code, 'quota_exceeded');
      assert.deepEqual(errorText(message, 'en'), {
        title: 'Quota reached',
        detail: "The server platform refused this: your account's quota does not allow it. Ask your account manager to raise it.",
      });
      assert.equal(errorText(message, 'de').title, 'Kontingent erreicht');
    }
  });

  test('an order failing on what the host says about a provider keeps it as a provider’s words, for staff only', () => {
    const unreachable = new ProviderError('openstack', errorMessage('provider_unreachable', { provider: 'openstack', name: 'OpenStack' }), {
      failure: 'unavailable',
    });
    assert.deepEqual(
      failureDetail(unreachable),
      { reason: 'OpenStack could not be reached.' },
      'no catalogue message: customers get the order words',
    );
    const unsupported = new ProviderError('openstack', errorMessage('resize_unsupported.account'));
    assert.equal(failureDetail(unsupported).reasonMessage?.key, 'resize_unsupported.account', 'the host’s own words for the customer stay');
    // And answered to a customer as they are; what the host says about a provider is not.
    assert.equal(customerProviderMessage(unsupported, {}).key, 'resize_unsupported.account');
    assert.equal(customerProviderMessage(unreachable, { openstack: 'Nimbus Cloud' }).key, 'provider_customer.unavailable');
  });

  test('a provider that fails without a reason: the customer gets the request id to quote', async () => {
    cloud.failing = new ProviderError('memcloud', 'Nova answered 500: NoValidHost at compute-7.', {
      code: 'provider_error',
      upstreamStatus: 500,
    });
    try {
      const res = await host.request('GET', '/api/v1/servers/memcloud:web-01', { token: customer });
      const failed = await firstError(res);
      assert.equal(failed.status, 502);
      assert.equal(failed.title, 'Not completed');
      const requestId = res.headers.get('x-request-id');
      assert.ok(requestId);
      assert.equal(failed.detail, `Nimbus Cloud could not complete this request. Support can look it up by the reference ${requestId}.`);
      const seen = await firstError(await host.request('GET', '/api/v1/servers/memcloud:web-01', { token: staff }));
      assert.equal(seen.detail, 'Nova answered 500: NoValidHost at compute-7.');
    } finally {
      cloud.failing = null;
    }
  });
});
