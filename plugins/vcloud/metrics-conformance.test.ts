import { metricsProviderConformance } from '@glasspane/host/testing';
import { startVcloudFake } from './fake.js';
import { VcloudClient, VcloudComputeProvider, VcloudMetricsProvider } from './index.js';

// Both logins: a tenant user of the org, and a provider (System) login that sees every org
// unless it names the tenant context, as portal service accounts often are.
for (const provider of [false, true]) {
  metricsProviderConformance(`vcloud (${provider ? 'provider' : 'tenant'} login)`, async () => {
    const now = new Date();
    const fake = await startVcloudFake({ now: () => now.getTime() });
    const mine = fake.addVm('globex', { name: 'app-01' });
    const theirs = fake.addVm('initech', { name: 'not-yours' });
    const login = provider
      ? { username: fake.provider.name, password: fake.provider.password, provider }
      : { username: fake.username, password: fake.password };
    const client = new VcloudClient({ url: fake.url, org: 'globex', ...login });
    return {
      provider: new VcloudMetricsProvider(client, new VcloudComputeProvider(client), { now: () => now }),
      scope: 'globex',
      serverId: mine.id,
      other: { scope: 'initech', serverId: theirs.id },
      now,
      close: fake.close,
    };
  });
}
