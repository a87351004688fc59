import { z } from 'zod';
import { ClockToken, DatabaseToken } from '../../host/container.js';
import { definePlugin } from '../../host/plugin.js';
import { NoticeWriterToken, StatusProviderToken } from '../../host/ports/status-provider.js';
import { LocalStatusProvider } from './status.js';

export { LocalStatusProvider };

/**
 * Built-in providers backed by the host's own SQL. Needs no configuration; enabled
 * by default so every installation has a status source it can write to.
 */
export default definePlugin({
  id: 'local',
  provides: ['StatusProvider'],
  config: z.object({}).strict(),
  fromEnv: () => ({}),
  register({ container }) {
    const provider = new LocalStatusProvider(container.resolve(DatabaseToken), container.resolve(ClockToken));
    container.register(StatusProviderToken, { useValue: provider });
    container.register(NoticeWriterToken, { useValue: provider });
  },
});
