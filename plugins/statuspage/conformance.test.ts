import { statusProviderConformance } from '@glasspane/host/testing';
import { startStatuspageFake } from './fake.js';
import { StatuspageStatusProvider } from './index.js';

// The fake writes every time in the page's zone (-06:00), as Statuspage does.
statusProviderConformance('statuspage', async () => {
  let clock = Date.parse('2026-11-24T22:30:00Z');
  const fake = await startStatuspageFake({ now: () => clock });
  const storage = fake.addComponent('Block storage – FRA1');
  fake.addComponent('Compute – FRA1');
  const incident = fake.createIncident('Slow volumes', { componentIds: [storage.id] });
  clock += 45 * 60_000; // past midnight UTC, still the 24th at the page
  fake.updateIncident(incident.id, 'identified', 'A storage node is rebuilding.');
  const old = fake.createIncident('Old outage');
  clock += 60_000;
  fake.updateIncident(old.id, 'resolved', 'Fixed.');
  fake.scheduleMaintenance('Router upgrade', {
    from: new Date(clock + 86_400_000),
    until: new Date(clock + 90_000_000),
    componentIds: [storage.id],
  });
  return {
    provider: new StatuspageStatusProvider({ apiUrl: fake.url, apiKey: fake.apiKey, pageId: fake.pageId }),
    unresolvedTitle: 'Slow volumes',
    maintenanceTitle: 'Router upgrade',
    resolvedTitle: 'Old outage',
    close: fake.close,
  };
});
