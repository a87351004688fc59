import { randomUUID } from 'node:crypto';
import { protectionProviderConformance } from '@glasspane/host/testing';
import { createTintriFake } from './fake.js';
import { TintriClient, TintriProtectionProvider } from './index.js';

// Two tenants' Nova servers on one VMstore (its namespace is flat): each must see and
// restore only its own VM's snapshots.
protectionProviderConformance('tintri', async () => {
  const fake = await createTintriFake({ cloneMs: 200 });
  const [mine, theirs] = [randomUUID(), randomUUID()];
  fake.addVm(mine, { instanceUuid: mine, snapshots: { count: 3, everyMinutes: 60, newestAgoMinutes: 30 } });
  fake.addVm(theirs, { instanceUuid: theirs, snapshots: { count: 2 } });
  return {
    provider: new TintriProtectionProvider(new TintriClient({ ...fake.config, timeoutMs: 2_000 })),
    scope: 'acme',
    server: { id: `openstack:${mine}`, name: 'web-01' },
    other: { scope: 'globex', server: { id: `openstack:${theirs}`, name: 'web-01' } },
    close: fake.close,
  };
});
