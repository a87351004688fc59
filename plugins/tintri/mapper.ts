/**
 * The VMstore's wire shapes (REST API v310) and how they become the ProtectionProvider port's
 * values; and the rules that say which VMstore VM a portal server is (`vmIdentity`, `isVm`).
 */
import type { ProtectionSnapshot, ReplicationStatus, RestoreRun } from '@glasspane/host';
import { readable, type TintriErrorBody } from './client.js';

export const REQUEST_TYPE_ID = 'com.tintri.api.rest.v310.dto.Request';
export const SCHEDULE_TYPE_ID = 'com.tintri.api.rest.v310.dto.domain.beans.vm.VirtualMachineSnapshotSchedule';
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
  vmware?: {
    name?: string;
    vcenterName?: string;
    storageContainers?: string[];
    instanceUuids?: string[];
    mor?: string;
    hypervisorType?: string;
  };
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
export interface RestoreRecord {
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

/**
 * Replication destinations (the destination VMstore's display name or IP) → the second site's
 * name as customers may read it ("Frankfurt 2"). A destination not named here is reported with
 * no site: a storage host name is not a customer's word.
 */
export type SiteNames = Readonly<Record<string, string>>;

/** One outgoing replication configuration as a status. */
function configStatus(c: TintriReplicationConfig, now: number, sites: SiteNames): ReplicationStatus {
  const state = (c.replicationState ?? '').toUpperCase();
  const target = (c.path?.displayName && sites[c.path.displayName]) || (c.path?.destinationIp && sites[c.path.destinationIp]) || null;
  const lastReplicaAt = toIso(c.latestReplicatedSnapshotTime) ?? toIso(c.latestReplicatedSnapshot?.createTime);
  if (state === 'NOT_CONFIGURED') return { state: 'off', target: null, lastReplicaAt, message: null };
  if (c.error && (c.error.message || c.error.code)) {
    return { state: 'broken', target, lastReplicaAt, message: readable(c.error.message) || `Replication failed (${c.error.code}).` };
  }
  if (c.isPaused || state === 'PAUSED')
    return { state: 'lagging', target, lastReplicaAt, message: 'Replication is paused on the VMstore.' };
  const threshold = c.alertThresholdMinutes ?? 0;
  if (state === 'EXCEEDS_RPO') {
    return {
      state: 'lagging',
      target,
      lastReplicaAt,
      message: `Replication is behind its recovery point objective${threshold > 0 ? ` of ${threshold} minutes` : ''} (EXCEEDS_RPO).`,
    };
  }
  if (lastReplicaAt && threshold > 0 && now - Date.parse(lastReplicaAt) > threshold * 60_000) {
    const hours = Math.round((now - Date.parse(lastReplicaAt)) / 3600_000);
    return {
      state: 'lagging',
      target,
      lastReplicaAt,
      message: `No replica has arrived for ${hours} h (the alert threshold is ${threshold} minutes).`,
    };
  }
  return { state: 'ok', target, lastReplicaAt, message: null };
}

/**
 * A VM's replication as the port's status: the worst of its enabled outgoing configurations
 * (broken > lagging > ok), `off` when there is none; the site named through `sites`.
 */
export function toReplication(info: TintriReplicationInfo | undefined, now = Date.now(), sites: SiteNames = {}): ReplicationStatus {
  const off: ReplicationStatus = { state: 'off', target: null, lastReplicaAt: null, message: null };
  if (!info) return off;
  const configs = Array.isArray(info.configurationsOutgoing)
    ? info.configurationsOutgoing.filter((c) => !c.isDisabled)
    : info.isEnabled
      ? [{ replicationState: info.replicationState, error: info.error, path: { displayName: info.replDestination } }]
      : [];
  let worst = off;
  for (const c of configs) {
    const status = configStatus(c, now, sites);
    if (RANK[status.state] > RANK[worst.state]) worst = status;
  }
  return worst;
}

/** A clone Task as a restore run. */
export function toRestoreRun(task: TintriTask, record: Partial<RestoreRecord>, now = new Date()): RestoreRun {
  const state = (task.state ?? '').toUpperCase();
  const status: RestoreRun['status'] =
    state === 'SUCCESS' ? 'succeeded' : state === 'FAILED' || state === 'CANCELLED' ? 'failed' : 'running';
  const done = status !== 'running';
  const percent =
    typeof task.progressPercent === 'number' && Number.isFinite(task.progressPercent)
      ? Math.max(0, Math.min(100, Math.round(task.progressPercent)))
      : null;
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
    message:
      status === 'failed'
        ? said || (state === 'CANCELLED' ? 'The clone task was cancelled on the VMstore.' : 'The clone task failed on the VMstore.')
        : said || null,
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
export function isVm(vm: TintriVm, identity: VmIdentity): boolean {
  if (!vm.uuid?.uuid || vm.isDeleted || vm.isLive === false) return false;
  if (identity.kind === 'mapped') return vm.uuid.uuid === identity.tintriUuid;
  if (identity.kind === 'instanceUuid') return (vm.vmware?.instanceUuids ?? []).some((u) => u.toLowerCase() === identity.instanceUuid);
  return (vm.vmware?.name ?? '').toLowerCase().endsWith(` (${identity.vcdUuid})`);
}
