/**
 * Tintri VMstore as the ProtectionProvider: a server's VMstore snapshots, taking one by hand,
 * replication to the second site and test restores (a snapshot cloned to a new VM beside
 * production, never over it). Servers are found on the VMstore by hypervisor identity, never by
 * display name (see TintriProtectionProvider); what the plugin remembers is kept per `scope`
 * (the tenant) and server.
 *
 * Over 400 lines: the plugin definition, the provider and the VM identity rules read together;
 * the wire protocol is in client.ts.
 */
import { z } from 'zod';
import {
  definePlugin,
  ProviderError,
  ProtectionProviderToken,
  type ProtectedServerRef,
  type ProtectionProvider,
  type ProtectionSnapshot,
  type ReplicationStatus,
  type RestoreRun,
} from '@glasspane/host';
import { PLUGIN_ID, PROVIDER_NAME, TintriClient, readable, type TintriErrorBody, type TintriOptions } from './client.js';

export { TintriClient } from './client.js';

export const SNAPSHOT_SPEC_TYPE_ID = 'com.tintri.api.rest.v310.dto.domain.beans.snapshot.SnapshotSpec';
export const CLONE_SPEC_TYPE_ID = 'com.tintri.api.rest.v310.dto.domain.beans.vm.VirtualMachineCloneSpec';
export const VMWARE_CLONE_TYPE_ID = 'com.tintri.api.rest.v310.dto.domain.beans.vm.VirtualMachineCloneSpec$VMwareCloneInfo';

/** A Tintri DateTime: ms since 1970 or an ISO string. */
type TintriTime = number | string;

/** The parts of a VirtualMachine this plugin reads. */
export interface TintriVm {
  uuid?: { uuid?: string };
  isDeleted?: boolean;
  isLive?: boolean;
  /** VirtualMachineVmwareInfo: `name` is the hypervisor's display name, `instanceUuids` the UUIDs it gave the VM. */
  vmware?: { name?: string; vcenterName?: string; storageContainers?: string[]; instanceUuids?: string[]; mor?: string; hypervisorType?: string };
  replication?: TintriReplicationInfo;
}

/** VirtualMachineReplicationInfo, with the pre-v310.61 fields as a fallback. */
export interface TintriReplicationInfo {
  configurationsOutgoing?: TintriReplicationConfig[];
  /** Deprecated since v310.61. */
  isEnabled?: boolean;
  replicationState?: string;
  replDestination?: string;
  error?: TintriErrorBody;
}

/** VirtualMachineReplicationConfig. */
export interface TintriReplicationConfig {
  replicationState?: string;
  isDisabled?: boolean;
  isPaused?: boolean;
  alertThresholdMinutes?: number;
  latestReplicatedSnapshotTime?: TintriTime;
  latestReplicatedSnapshot?: { createTime?: TintriTime };
  error?: TintriErrorBody;
  path?: { displayName?: string; destinationIp?: string };
}

/** A Snapshot. */
export interface TintriSnapshot {
  uuid?: { uuid?: string };
  vmUuid?: { uuid?: string };
  vmName?: string;
  description?: string;
  createTime?: TintriTime;
  expirationTime?: TintriTime;
  consistency?: string;
  type?: string;
  isDeleted?: boolean;
  tag?: string;
}

/** A Task (asynchronous job). */
export interface TintriTask {
  uuid?: { uuid?: string };
  type?: string;
  state?: string;
  jobDone?: boolean;
  progressPercent?: number;
  progressDescription?: string;
  createDate?: TintriTime;
  lastUpdatedTime?: TintriTime;
  targetIds?: string[];
}

/** What this process remembers about a restore it started (the Task does not carry it all). */
interface RestoreRecord {
  serverId: string;
  snapshotId: string;
  targetName: string;
  startedAt: string;
}

const SCHEDULED = new Set(['SCHEDULED_SNAPSHOT', 'SCHEDULED_HIGH_FREQUENCY_SNAPSHOT']);
const RANK: Record<ReplicationStatus['state'], number> = { off: 0, ok: 1, lagging: 2, broken: 3 };

/** A DateTime as ISO, or null when absent or not a time (≤ 0 ms included). */
export function toIso(value: TintriTime | null | undefined): string | null {
  if (value === undefined || value === null || value === '') return null;
  const ms = typeof value === 'number' || /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : null;
}

/** A Snapshot as the port's; undefined when it lacks an id or a time. */
export function toSnapshot(s: TintriSnapshot): ProtectionSnapshot | undefined {
  const id = s.uuid?.uuid;
  const takenAt = toIso(s.createTime);
  if (!id || !takenAt) return undefined;
  return {
    id,
    name: s.description?.trim() || `${s.vmName ?? 'Snapshot'} ${takenAt.slice(0, 16).replace('T', ' ')}`,
    takenAt,
    expiresAt: toIso(s.expirationTime),
    consistency: !s.consistency || s.consistency === 'CRASH_CONSISTENT' ? 'crash' : 'vm',
    origin: SCHEDULED.has(s.type ?? '') ? 'scheduled' : 'manual',
    good: !s.isDeleted && !/\bstale_ss_files\b/.test(s.tag ?? ''),
  };
}

/** One outgoing replication configuration as a status. */
function configStatus(c: TintriReplicationConfig, now: number): ReplicationStatus {
  const state = (c.replicationState ?? '').toUpperCase();
  const target = c.path?.displayName || c.path?.destinationIp || null;
  const lastReplicaAt = toIso(c.latestReplicatedSnapshotTime) ?? toIso(c.latestReplicatedSnapshot?.createTime);
  if (state === 'NOT_CONFIGURED') return { state: 'off', target: null, lastReplicaAt, message: null };
  if (c.error && (c.error.message || c.error.code)) {
    return { state: 'broken', target, lastReplicaAt, message: readable(c.error.message) || `Replication failed (${c.error.code}).` };
  }
  if (c.isPaused || state === 'PAUSED') return { state: 'lagging', target, lastReplicaAt, message: 'Replication is paused on the VMstore.' };
  const threshold = c.alertThresholdMinutes ?? 0;
  if (state === 'EXCEEDS_RPO') {
    return { state: 'lagging', target, lastReplicaAt, message: `Replication is behind its recovery point objective${threshold > 0 ? ` of ${threshold} minutes` : ''} (EXCEEDS_RPO).` };
  }
  if (lastReplicaAt && threshold > 0 && now - Date.parse(lastReplicaAt) > threshold * 60_000) {
    const hours = Math.round((now - Date.parse(lastReplicaAt)) / 3600_000);
    return { state: 'lagging', target, lastReplicaAt, message: `No replica has arrived for ${hours} h (the alert threshold is ${threshold} minutes).` };
  }
  return { state: 'ok', target, lastReplicaAt, message: null };
}

/**
 * A VM's replication as the port's status: the worst of its enabled outgoing configurations
 * (broken > lagging > ok), `off` when there is none.
 */
export function toReplication(info: TintriReplicationInfo | undefined, now = Date.now()): ReplicationStatus {
  const off: ReplicationStatus = { state: 'off', target: null, lastReplicaAt: null, message: null };
  if (!info) return off;
  const configs = Array.isArray(info.configurationsOutgoing)
    ? info.configurationsOutgoing.filter((c) => !c.isDisabled)
    : info.isEnabled
      ? [{ replicationState: info.replicationState, error: info.error, path: { displayName: info.replDestination } }]
      : [];
  let worst = off;
  for (const c of configs) {
    const status = configStatus(c, now);
    if (RANK[status.state] > RANK[worst.state]) worst = status;
  }
  return worst;
}

/** A clone Task as a restore run. */
export function toRestoreRun(task: TintriTask, record: Partial<RestoreRecord>, now = new Date()): RestoreRun {
  const state = (task.state ?? '').toUpperCase();
  const status: RestoreRun['status'] = state === 'SUCCESS' ? 'succeeded' : state === 'FAILED' || state === 'CANCELLED' ? 'failed' : 'running';
  const done = status !== 'running';
  const percent = typeof task.progressPercent === 'number' && Number.isFinite(task.progressPercent) ? Math.max(0, Math.min(100, Math.round(task.progressPercent))) : null;
  const said = readable(task.progressDescription);
  return {
    id: task.uuid?.uuid ?? '',
    serverId: record.serverId ?? '',
    snapshotId: record.snapshotId ?? task.targetIds?.[0] ?? '',
    targetName: record.targetName ?? '',
    status,
    progress: status === 'succeeded' ? 100 : percent,
    startedAt: record.startedAt ?? toIso(task.createDate) ?? now.toISOString(),
    finishedAt: done ? (toIso(task.lastUpdatedTime) ?? now.toISOString()) : null,
    message: status === 'failed' ? said || (state === 'CANCELLED' ? 'The clone task was cancelled on the VMstore.' : 'The clone task failed on the VMstore.') : said || null,
  };
}

/** Where a server is on the VMstore, from its host id (`openstack:…`, `vcloud:urn:vcloud:vm:…`) or the operator's map. */
export type VmIdentity =
  /** The operator's mapping: this Tintri VM UUID. */
  | { kind: 'mapped'; tintriUuid: string }
  /** A vSphere instance UUID (`vmware.instanceUuids`): Nova's VMware driver gives the VM the Nova instance UUID. */
  | { kind: 'instanceUuid'; instanceUuid: string }
  /** Cloud Director names the vCenter VM `name (uuid)` after its own VM id. */
  | { kind: 'vcdName'; vcdUuid: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The identity a server is looked up by; undefined when neither its id nor the map says one. */
export function vmIdentity(serverId: string, map: Record<string, string> = {}): VmIdentity | undefined {
  const mapped = map[serverId];
  if (mapped) return { kind: 'mapped', tintriUuid: mapped };
  const nova = /^openstack:(.+)$/.exec(serverId)?.[1];
  if (nova && UUID.test(nova)) return { kind: 'instanceUuid', instanceUuid: nova.toLowerCase() };
  const vcd = /^vcloud:urn:vcloud:vm:(.+)$/.exec(serverId)?.[1];
  if (vcd && UUID.test(vcd)) return { kind: 'vcdName', vcdUuid: vcd.toLowerCase() };
  return undefined;
}

/** Whether a VMstore VM record is the live VM this identity points at. */
function isVm(vm: TintriVm, identity: VmIdentity): boolean {
  if (!vm.uuid?.uuid || vm.isDeleted || vm.isLive === false) return false;
  if (identity.kind === 'mapped') return vm.uuid.uuid === identity.tintriUuid;
  if (identity.kind === 'instanceUuid') return (vm.vmware?.instanceUuids ?? []).some((u) => u.toLowerCase() === identity.instanceUuid);
  return (vm.vmware?.name ?? '').toLowerCase().endsWith(` (${identity.vcdUuid})`);
}

const notFound = (server: ProtectedServerRef) =>
  new ProviderError(PLUGIN_ID, `${PROVIDER_NAME} holds no VM for server "${server.name}" (${server.id}); if its hypervisor names it otherwise, map it in TINTRI_VM_MAP.`, {
    status: 404,
    code: 'not_found',
  });

/**
 * Snapshots, replication and test restores of servers on one Tintri VMstore.
 *
 * The VMstore has one flat VM namespace, and its names are the hypervisor's, not the portal's
 * (two tenants may both have a `web-01`), so a server is never found by its display name. It is
 * found by hypervisor identity (see `vmIdentity`): the operator's `vmMap` (server id → Tintri VM
 * UUID) first; else a Nova server by its instance UUID among `vmware.instanceUuids`
 * (`GET /vm?instanceUuid=`); else a Cloud Director VM by the `name (uuid)` vCenter gives it. The
 * Tintri UUID found is remembered per tenant and server for `cacheMs`, and checked again when read.
 */
export class TintriProtectionProvider implements ProtectionProvider {
  readonly source = PLUGIN_ID;
  readonly #uuids = new Map<string, { uuid: string; at: number }>();
  readonly #restores = new Map<string, RestoreRecord & { scope: string }>();

  constructor(
    readonly client: TintriClient,
    private readonly options: { cacheMs?: number; now?: () => Date; vmMap?: Record<string, string> } = {},
  ) {}

  #now(): Date {
    return this.options.now?.() ?? new Date();
  }

  async listSnapshots(scope: string, server: ProtectedServerRef, signal?: AbortSignal): Promise<ProtectionSnapshot[]> {
    const vm = await this.#vm(scope, server, `the VM of "${server.name}"`, signal).catch((err: unknown) => {
      if (err instanceof ProviderError && err.status === 404) return undefined;
      throw err;
    });
    if (!vm) return [];
    return (await this.#snapshots(vm.uuid!.uuid!, server.name, signal)).map(toSnapshot).filter((s): s is ProtectionSnapshot => !!s).sort((a, b) => b.takenAt.localeCompare(a.takenAt));
  }

  /** `POST /snapshot` with a one-element list of SnapshotSpec; the answer's UUID is read back from the VM's snapshots. */
  async takeSnapshot(scope: string, server: ProtectedServerRef, input: { name: string; retentionMinutes: number; consistency?: 'crash' | 'vm' }, signal?: AbortSignal): Promise<ProtectionSnapshot> {
    const uuid = (await this.#vm(scope, server, `the VM of "${server.name}"`, signal)).uuid!.uuid!;
    const consistency = input.consistency === 'vm' ? 'VM_CONSISTENT' : 'CRASH_CONSISTENT';
    const spec = { typeId: SNAPSHOT_SPEC_TYPE_ID, consistency, retentionMinutes: input.retentionMinutes, snapshotName: input.name, sourceVmTintriUUID: uuid };
    const ids = await this.client.request<unknown>('POST', '/snapshot', { body: [spec], signal, what: 'the snapshot' });
    const id = Array.isArray(ids) && typeof ids[0] === 'string' ? ids[0] : undefined;
    if (!id) throw new ProviderError(PLUGIN_ID, `${PROVIDER_NAME} accepted the snapshot but did not say its UUID.`, { code: 'provider_bad_response' });
    const recent = await this.client.request<{ items?: TintriSnapshot[] }>('GET', '/snapshot', {
      query: { vmUuid: uuid, sortedBy: 'createTime', sortOrder: 'DESC', offset: 0, limit: 10 },
      signal,
      what: `the snapshots of "${server.name}"`,
    });
    const found = recent?.items?.find((s) => s.uuid?.uuid === id);
    const taken = found && toSnapshot(found);
    if (taken) return taken;
    const now = this.#now();
    return {
      id,
      name: input.name,
      takenAt: now.toISOString(),
      expiresAt: input.retentionMinutes > 0 ? new Date(now.getTime() + input.retentionMinutes * 60_000).toISOString() : null,
      consistency: input.consistency ?? 'crash',
      origin: 'manual',
      good: true,
    };
  }

  /** The VM's `replication.configurationsOutgoing` (`GET /vm/{uuid}`). */
  async replication(scope: string, server: ProtectedServerRef, signal?: AbortSignal): Promise<ReplicationStatus> {
    const vm = await this.#vm(scope, server, `the replication status of "${server.name}"`, signal);
    return toReplication(vm.replication, this.#now().getTime());
  }

  /**
   * Clones `snapshotId` (one of this VM's snapshots) to a new VM named `targetName` on the same
   * vCenter and datastore: `POST /vm` with a VirtualMachineCloneSpec from the snapshot, count 1.
   * The source VM is never the target: its name is refused, and so is any name a VM already has.
   */
  async startRestore(scope: string, server: ProtectedServerRef, input: { snapshotId: string; targetName: string }, signal?: AbortSignal): Promise<RestoreRun> {
    const targetName = input.targetName.trim();
    if (!targetName) throw new ProviderError(PLUGIN_ID, 'A test restore needs a name for the new VM.', { status: 422, code: 'invalid' });
    if (targetName === server.name) {
      throw new ProviderError(PLUGIN_ID, `A test restore creates a new VM beside "${server.name}"; choose a name other than the server's own.`, { status: 422, code: 'invalid' });
    }
    const vm = await this.#vm(scope, server, `VM "${server.name}"`, signal);
    if (!(await this.#hasSnapshot(vm.uuid!.uuid!, input.snapshotId, server.name, signal))) {
      throw new ProviderError(PLUGIN_ID, `${PROVIDER_NAME} has no snapshot "${input.snapshotId}" of "${server.name}".`, { status: 404, code: 'not_found' });
    }
    if (await this.#named(targetName, signal)) {
      throw new ProviderError(PLUGIN_ID, `A VM named "${targetName}" already exists on the ${PROVIDER_NAME}; choose another name for the test restore.`, { status: 409, code: 'conflict' });
    }
    const spec = {
      typeId: CLONE_SPEC_TYPE_ID,
      vmId: null,
      snapshotId: input.snapshotId,
      consistency: 'CRASH_CONSISTENT',
      count: 1,
      vmware: { typeId: VMWARE_CLONE_TYPE_ID, cloneVmName: targetName, vCenterName: vm.vmware?.vcenterName ?? null, datastoreName: vm.vmware?.storageContainers?.[0] ?? 'default' },
    };
    const task = await this.client.request<TintriTask>('POST', '/vm', { body: spec, signal, what: 'the test restore' });
    const id = task?.uuid?.uuid;
    if (!task || !id) throw new ProviderError(PLUGIN_ID, `${PROVIDER_NAME} accepted the test restore but did not say its task.`, { code: 'provider_bad_response' });
    const record: RestoreRecord = { serverId: server.id, snapshotId: input.snapshotId, targetName, startedAt: this.#now().toISOString() };
    this.#restores.set(id, { ...record, scope });
    return toRestoreRun(task, record, this.#now());
  }

  /**
   * The clone Task (`GET /task/{id}`). On success the message is the new VM's Tintri UUID. A task
   * this process started for another tenant or server is not a restore of this one; one it does
   * not remember (started before a restart) counts only when it clones a snapshot of this server's VM.
   */
  async getRestore(scope: string, server: ProtectedServerRef, restoreId: string, signal?: AbortSignal): Promise<RestoreRun | undefined> {
    const record = this.#restores.get(restoreId);
    if (record && (record.scope !== scope || record.serverId !== server.id)) return undefined;
    let task: TintriTask | undefined;
    try {
      task = await this.client.request<TintriTask>('GET', `/task/${encodeURIComponent(restoreId)}`, { signal, what: 'the restore' });
    } catch (err) {
      if (err instanceof ProviderError && err.upstreamStatus === 404) return undefined;
      throw err;
    }
    if (!task?.uuid?.uuid) return undefined;
    if (task.type && task.type.toUpperCase() !== 'CLONE') return undefined;
    if (!record) {
      const snapshotId = task.targetIds?.[0];
      const vm = await this.#vm(scope, server, `VM "${server.name}"`, signal).catch(() => undefined);
      if (!snapshotId || !vm || !(await this.#hasSnapshot(vm.uuid!.uuid!, snapshotId, server.name, signal))) return undefined;
    }
    const run = toRestoreRun(task, record ?? { serverId: server.id }, this.#now());
    if (run.status === 'succeeded' && run.targetName) {
      const created = await this.#named(run.targetName, signal);
      if (created?.uuid?.uuid) run.message = created.uuid.uuid;
    }
    return run;
  }

  /**
   * The server's live VM: the remembered Tintri UUID read again (`GET /vm/{uuid}`, and checked to
   * still be that server's), else looked up by identity; a readable 404 when there is none.
   */
  async #vm(scope: string, server: ProtectedServerRef, what: string, signal?: AbortSignal): Promise<TintriVm> {
    const identity = vmIdentity(server.id, this.options.vmMap);
    if (!identity) throw notFound(server);
    const key = `${scope}\u0000${server.id}`;
    const known = this.#uuids.get(key);
    const fresh = known && Date.now() - known.at < (this.options.cacheMs ?? 10 * 60_000);
    const uuid = identity.kind === 'mapped' ? identity.tintriUuid : fresh ? known.uuid : undefined;
    if (uuid) {
      try {
        const vm = await this.client.request<TintriVm>('GET', `/vm/${encodeURIComponent(uuid)}`, { signal, what });
        if (vm && isVm(vm, identity)) return vm;
      } catch (err) {
        if (!(err instanceof ProviderError && err.upstreamStatus === 404)) throw err;
      }
      this.#uuids.delete(key);
      if (identity.kind === 'mapped') throw notFound(server);
    }
    const vm = await this.#find(identity, server, signal);
    if (!vm) throw notFound(server);
    if (this.#uuids.size > 10_000) this.#uuids.clear();
    this.#uuids.set(key, { uuid: vm.uuid!.uuid!, at: Date.now() });
    return vm;
  }

  /** `GET /vm?instanceUuid=` for a Nova server, `GET /vm?name=<name> (<uuid>)` for a Cloud Director VM; every answer is checked. */
  async #find(identity: VmIdentity, server: ProtectedServerRef, signal?: AbortSignal): Promise<TintriVm | undefined> {
    if (identity.kind === 'mapped') return undefined;
    const query = identity.kind === 'instanceUuid' ? { instanceUuid: identity.instanceUuid } : { name: `${server.name} (${identity.vcdUuid})` };
    const matches = (vm: TintriVm) => isVm(vm, identity);
    const vms = await this.client.collect<TintriVm>('/vm', query, { signal, what: `the lookup of the VM of "${server.name}"`, until: matches });
    return vms.find(matches);
  }

  /** A live VM with exactly this name (the VMstore's namespace is flat: a clone's name must be free). */
  async #named(name: string, signal?: AbortSignal): Promise<TintriVm | undefined> {
    const matches = (vm: TintriVm) => vm.vmware?.name === name && !vm.isDeleted && vm.isLive !== false && !!vm.uuid?.uuid;
    const vms = await this.client.collect<TintriVm>('/vm', { name }, { signal, what: `the lookup of VM "${name}"`, until: matches });
    return vms.find(matches);
  }

  async #hasSnapshot(vmUuid: string, snapshotId: string, name: string, signal?: AbortSignal): Promise<boolean> {
    const snapshots = await this.client.collect<TintriSnapshot>('/snapshot', { vmUuid, sortedBy: 'createTime', sortOrder: 'DESC' }, {
      signal,
      what: `the snapshots of "${name}"`,
      until: (s) => s.uuid?.uuid === snapshotId,
    });
    return snapshots.some((s) => s.uuid?.uuid === snapshotId && !s.isDeleted && (!s.vmUuid?.uuid || s.vmUuid.uuid === vmUuid));
  }

  async #snapshots(uuid: string, name: string, signal?: AbortSignal): Promise<TintriSnapshot[]> {
    const items = await this.client.collect<TintriSnapshot>('/snapshot', { vmUuid: uuid, sortedBy: 'createTime', sortOrder: 'DESC' }, { signal, what: `the snapshots of "${name}"` });
    return items.filter((s) => !s.isDeleted && (!s.vmUuid?.uuid || s.vmUuid.uuid === uuid));
  }
}

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
});
export type TintriConfig = z.infer<typeof config>;

/** Clients of this process's registrations, logged out on dispose. */
const clients = new Set<TintriClient>();

/** TINTRI_VM_MAP as JSON; text that is not JSON is passed on so validation names the variable. */
function jsonOrText(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Tintri VMstore as ProtectionProvider (TINTRI_URL, TINTRI_USERNAME, TINTRI_PASSWORD, TINTRI_TIMEOUT_MS, TINTRI_VM_MAP). */
export default definePlugin({
  id: PLUGIN_ID,
  provides: ['ProtectionProvider'],
  config,
  fromEnv: (env) => ({
    url: env.TINTRI_URL,
    username: env.TINTRI_USERNAME,
    password: env.TINTRI_PASSWORD,
    timeoutMs: env.TINTRI_TIMEOUT_MS ? Number(env.TINTRI_TIMEOUT_MS) : undefined,
    vmMap: jsonOrText(env.TINTRI_VM_MAP),
  }),
  register({ container, config }) {
    const client = new TintriClient(config as TintriOptions);
    clients.add(client);
    container.register(ProtectionProviderToken, { useValue: new TintriProtectionProvider(client, { vmMap: (config as TintriConfig).vmMap }) });
  },
  /** Ends the VMstore sessions (`GET …/session/logout`). */
  async dispose() {
    const open = [...clients];
    clients.clear();
    await Promise.all(open.map((c) => c.logout()));
  },
});
