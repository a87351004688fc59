/**
 * Tintri VMstore as the ProtectionProvider: a server's VMstore snapshots, taking one by hand,
 * replication to the second site and test restores (a snapshot cloned to a new VM beside
 * production, never over it). Servers are found on the VMstore by hypervisor identity, never by
 * display name (see TintriProtectionProvider); what the plugin remembers is kept per `scope`
 * (the tenant) and server. The wire protocol is in client.ts, its shapes and their mapping in
 * mapper.ts, the provider in provider.ts.
 */
import { z } from 'zod';
import { definePlugin, envJson, ProtectionProviderToken } from '@glasspane/host';
import { PLUGIN_ID, TintriClient, type TintriOptions } from './client.js';
import { TintriProtectionProvider } from './provider.js';

export { TintriClient } from './client.js';
export { TintriProtectionProvider } from './provider.js';
export {
  CLONE_SPEC_TYPE_ID,
  SNAPSHOT_SPEC_TYPE_ID,
  VMWARE_CLONE_TYPE_ID,
  toIso,
  toReplication,
  toRestoreRun,
  toSnapshot,
  vmIdentity,
  type SiteNames,
  type TintriReplicationConfig,
  type TintriReplicationInfo,
  type TintriSnapshot,
  type TintriTask,
  type TintriVm,
  type VmIdentity,
} from './mapper.js';

const config = z.object({
  url: z.url(),
  username: z.string().min(1),
  password: z.string().min(1),
  timeoutMs: z.number().int().min(100).default(15_000),
  pageSize: z.number().int().min(1).max(2000).default(100),
  /**
   * Server id → Tintri VM UUID, for servers the hypervisor does not name by their id (libvirt's
   * `instance-0000002a`, a renamed Cloud Director VM) or to correct a match. Wins over the
   * automatic match. TINTRI_VM_MAP as JSON: `{"openstack:5b8d…":"<Tintri VM UUID>"}`.
   */
  vmMap: z.record(z.string().min(1), z.string().min(1)).default({}),
  /**
   * Replication destination (the destination VMstore's display name or IP) → the second site's
   * name as customers read it. Without one, the portal shows no site name: a storage host name
   * is not the customer's word. TINTRI_SITE_NAMES as JSON: `{"dr-vmstore-fra2":"Frankfurt 2"}`.
   */
  siteNames: z.record(z.string().min(1), z.string().min(1)).default({}),
});
export type TintriConfig = z.infer<typeof config>;

/** Clients of this process's registrations, logged out on dispose. */
const clients = new Set<TintriClient>();

/**
 * Tintri VMstore as ProtectionProvider (TINTRI_URL, TINTRI_USERNAME, TINTRI_PASSWORD, TINTRI_TIMEOUT_MS,
 * TINTRI_VM_MAP, TINTRI_SITE_NAMES).
 */
export default definePlugin({
  id: PLUGIN_ID,
  provides: ['ProtectionProvider'],
  config,
  fromEnv: (env) => ({
    url: env.TINTRI_URL,
    username: env.TINTRI_USERNAME,
    password: env.TINTRI_PASSWORD,
    timeoutMs: env.TINTRI_TIMEOUT_MS ? Number(env.TINTRI_TIMEOUT_MS) : undefined,
    vmMap: envJson(env.TINTRI_VM_MAP),
    siteNames: envJson(env.TINTRI_SITE_NAMES),
  }),
  register({ container, config }) {
    const client = new TintriClient(config as TintriOptions);
    clients.add(client);
    container.register(ProtectionProviderToken, {
      useValue: new TintriProtectionProvider(client, {
        vmMap: (config as TintriConfig).vmMap,
        siteNames: (config as TintriConfig).siteNames,
      }),
    });
  },
  /** Ends the VMstore sessions (`GET …/session/logout`). */
  async dispose() {
    const open = [...clients];
    clients.clear();
    await Promise.all(open.map((c) => c.logout()));
  },
});
