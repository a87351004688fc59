import { computeProviderConformance } from '@glasspane/host/testing';
import { startVcloudFake } from './fake.js';
import { VcloudClient, VcloudComputeProvider } from './index.js';

// Tasks at the fake end when its clock passes them; `advance` moves it on.
computeProviderConformance('vcloud', async () => {
  let clock = Date.now();
  const fake = await startVcloudFake({ transitionMs: 1000, now: () => clock });
  const theirs = fake.addVm('initech', { name: 'their-db' });
  const client = new VcloudClient({
    url: fake.url,
    org: 'globex',
    username: fake.username,
    password: fake.password,
    taskPollMs: 2,
    actionWaitMs: 20,
  });
  return {
    provider: new VcloudComputeProvider(client),
    scope: 'globex',
    foreign: { id: theirs.id, poweredOn: () => theirs.status === 'POWERED_ON' },
    advance: () => {
      clock += 60_000;
    },
    close: fake.close,
  };
});
