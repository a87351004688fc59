// The Tintri fake's record shapes, wire constants and small helpers; the server is fake.ts.
import { createHash } from 'node:crypto';

export const CREDENTIALS_TYPE_ID = 'com.tintri.api.rest.vcommon.dto.rbac.RestApiCredentials';
export const SNAPSHOT_SPEC_TYPE_ID = 'com.tintri.api.rest.v310.dto.domain.beans.snapshot.SnapshotSpec';
export const CLONE_SPEC_TYPE_ID = 'com.tintri.api.rest.v310.dto.domain.beans.vm.VirtualMachineCloneSpec';
export const VMWARE_CLONE_TYPE_ID = 'com.tintri.api.rest.v310.dto.domain.beans.vm.VirtualMachineCloneSpec$VMwareCloneInfo';
export const REQUEST_TYPE_ID = 'com.tintri.api.rest.v310.dto.Request';
export const SCHEDULE_TYPE_ID = 'com.tintri.api.rest.v310.dto.domain.beans.vm.VirtualMachineSnapshotSchedule';
export const ERROR_TYPE_ID = 'com.tintri.api.rest.v310.dto.domain.beans.TintriError';
/** The VMstore's file system UUID, the first part of every Tintri UUID it hands out. */
export const FS = 'B7C1E0A2-4D3F-9E8A-0C1B-2A3D4E5F6071';
/** A VM holds at most this many snapshots. */
export const MAX_SNAPSHOTS = 128;

export const hex16 = (n: number) => n.toString(16).toUpperCase().padStart(16, '0');
/** A stable 16-hex-digit suffix, so the demo's VMs keep their UUIDs across restarts. */
export const stableHex = (seed: string) => createHash('sha256').update(seed).digest('hex').slice(0, 16).toUpperCase();
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());
export const time = (t: Date | number) => (t instanceof Date ? t.getTime() : t);

export type FakeConsistency = 'CRASH_CONSISTENT' | 'VM_CONSISTENT';
export type FakeSnapshotType = 'SCHEDULED_SNAPSHOT' | 'USER_GENERATED_SNAPSHOT' | 'SCHEDULED_HIGH_FREQUENCY_SNAPSHOT';

export interface FakeSnapshot {
  uuid: string;
  vmUuid: string;
  vmName: string;
  /** The SnapshotSpec's `snapshotName`. */
  description: string;
  /** ms since 1970. */
  createTime: number;
  /** ms since 1970, or -1 when kept until deleted. */
  expirationTime: number;
  consistency: FakeConsistency;
  type: FakeSnapshotType;
  /** `stale_ss_files` marks a snapshot taken while the hypervisor connection was lost. */
  tag: string | null;
}

/** One snapshot to seed. */
export interface FakeSnapshotSeed {
  name?: string;
  takenAt: Date | number;
  /** Default 7 days; -1 keeps it until deleted. */
  retentionMinutes?: number;
  consistency?: FakeConsistency;
  type?: FakeSnapshotType;
  /** Tag it `stale_ss_files` (not a usable recovery point). */
  stale?: boolean;
}

/** A regular history: `count` snapshots `everyMinutes` apart, the newest `newestAgoMinutes` old. */
export interface FakeSnapshotHistory {
  count: number;
  everyMinutes?: number;
  newestAgoMinutes?: number;
  retentionMinutes?: number;
  consistency?: FakeConsistency;
  type?: FakeSnapshotType;
}

export type FakeReplicationState = 'off' | 'ok' | 'lagging' | 'broken' | 'paused';

/** Replication of a VM to the second site, as the test wants it. */
export interface FakeReplication {
  state: FakeReplicationState;
  /** The replication path's display name. Default `dr-vmstore-02`. */
  target?: string;
  /** When the last replica arrived; default: now for `ok`, 30 h ago otherwise, none for `off`. */
  lastReplicaAt?: Date | number | null;
  /** The VMstore's error message when `broken`. */
  message?: string;
  /** The lag alert threshold. Default 240. */
  alertThresholdMinutes?: number;
}

export interface FakeVm {
  uuid: string;
  /** The hypervisor's display name (`web-01 (1f0e…)` under Cloud Director, the instance UUID under Nova). */
  name: string;
  /** The vSphere instance UUID (`vmware.instanceUuids`). */
  instanceUuid: string;
  /** vCenter's managed object id (`vmware.mor`). */
  mor: string;
  vcenterName: string;
  datastore: string;
  powered: boolean;
  deleted: boolean;
  /** While true, snapshots are refused as "in progress". */
  busy: boolean;
  snapshots: FakeSnapshot[];
  replication: FakeReplication;
  /** The snapshot a clone was made from. */
  clonedFrom: string | null;
  /** The VM's own snapshot schedules (empty: the datastore's default schedule applies). */
  schedules: FakeSchedule[];
}

/** A VirtualMachineSnapshotSchedule as the VMstore keeps it: one per type per VM. */
export interface FakeSchedule {
  type: 'HOURLY' | 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'QUARTERLY';
  name: string;
  cronExpressions: string[];
  retentionSourceMinutes: number;
  retentionDestinationMinutes: number;
  consistency: 'CRASH_CONSISTENT' | 'VM_CONSISTENT';
}

export interface FakeTask {
  uuid: string;
  sourceVmUuid: string;
  snapshotUuid: string;
  cloneVmName: string;
  state: 'RUNNING' | 'SUCCESS' | 'FAILED';
  createdAt: number;
  updatedAt: number;
  progressDescription: string;
  /** The VM the clone created. */
  newVmUuid: string | null;
  failWith: string | null;
}

/** A request as the fake saw it. */
export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The JSESSIONID sent, if any. */
  session: string | null;
  body: unknown;
  status: number;
}

export interface TintriFakeOptions {
  port?: number;
  /** How long a clone task runs; `Infinity` waits for `completeTasks()`. Default 1500. */
  cloneMs?: number;
  username?: string;
  password?: string;
  /** `demo`: acme's web-01 (30 h stale, lagging), web-02 (fresh, ok) and db-01 (replication broken). */
  seed?: 'demo';
}

export type TintriFakeMode = 'up' | 'down' | 'slow' | 'garbage';
