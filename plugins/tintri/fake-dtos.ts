/** The VMstore's JSON shapes (DTOs) of the fake's records, as REST API v310 answers them. */
import { ERROR_TYPE_ID, live, time, type FakeSnapshot, type FakeTask, type FakeVm } from './fake-types.js';

/** The DTO builders; snapshot clone counts and task progress read the fake's current tasks and clone time. */
export function createDtos(tasks: ReadonlyMap<string, FakeTask>, cloneMs: () => number) {
  const uuidDto = (uuid: string) => ({ typeId: 'com.tintri.api.rest.vcommon.dto.Uuid', uuid });

  const snapshotDto = (s: FakeSnapshot) => ({
    typeId: 'com.tintri.api.rest.v310.dto.domain.Snapshot',
    uuid: uuidDto(s.uuid),
    vmUuid: uuidDto(s.vmUuid),
    vmName: s.vmName,
    description: s.description,
    createTime: s.createTime,
    expirationTime: s.expirationTime,
    consistency: s.consistency,
    type: s.type,
    deletionPolicy: 'DELETE_ON_EXPIRATION',
    hypervisorType: 'VMWARE',
    isDeleted: false,
    isReplica: false,
    cloneReferenceCount: tasksFrom(s.uuid),
    sizeChangedMB: 180 + (s.createTime % 97),
    ...(s.tag ? { tag: s.tag } : {}),
  });

  const tasksFrom = (snapshot: string) => [...tasks.values()].filter((t) => t.snapshotUuid === snapshot && t.state === 'SUCCESS').length;

  function replicationDto(v: FakeVm) {
    const r = v.replication;
    if (r.state === 'off') return { typeId: 'com.tintri.api.rest.v310.dto.domain.beans.vm.VirtualMachineReplicationInfo', configurationsOutgoing: [], configurationsIncoming: [] };
    const target = r.target ?? 'dr-vmstore-02';
    const last = r.lastReplicaAt === undefined ? (r.state === 'ok' ? Date.now() - 10 * 60_000 : Date.now() - 30 * 3600_000) : r.lastReplicaAt === null ? null : time(r.lastReplicaAt);
    const state = { ok: 'UP_TO_DATE', lagging: 'EXCEEDS_RPO', broken: 'RUNNING', paused: 'PAUSED' }[r.state];
    return {
      typeId: 'com.tintri.api.rest.v310.dto.domain.beans.vm.VirtualMachineReplicationInfo',
      configurationsIncoming: [],
      configurationsOutgoing: [
        {
          typeId: 'com.tintri.api.rest.v310.dto.domain.beans.repl.VirtualMachineReplicationConfig',
          id: 1,
          vmUuid: uuidDto(v.uuid),
          isSource: true,
          isDisabled: false,
          isPaused: r.state === 'paused',
          isOneshot: false,
          alertThresholdMinutes: r.alertThresholdMinutes ?? 240,
          replicationState: state,
          ...(last ? { latestReplicatedSnapshotTime: last } : {}),
          path: { typeId: 'com.tintri.api.rest.v310.dto.domain.beans.repl.DatastoreReplicationPath', displayName: target, destinationIp: '10.20.0.12', destinationPort: 24001 },
          ...(r.state === 'broken'
            ? { error: { typeId: ERROR_TYPE_ID, code: 'ERR-REPL-0310', message: r.message ?? `Replication to ${target} failed: the destination did not answer.`, causeDetails: 'connect timed out' } }
            : {}),
        },
      ],
    };
  }

  function vmDto(v: FakeVm) {
    const snaps = v.snapshots.filter(live).sort((a, b) => b.createTime - a.createTime);
    return {
      typeId: 'com.tintri.api.rest.v310.dto.domain.VirtualMachine',
      uuid: uuidDto(v.uuid),
      isDeleted: v.deleted,
      isLive: !v.deleted,
      ...(v.deleted ? { timeDeleted: Date.now() - 86400_000 } : {}),
      lastUpdatedTime: new Date().toISOString(),
      vmware: {
        typeId: 'com.tintri.api.rest.v310.dto.domain.beans.vm.VirtualMachineVmwareInfo',
        name: v.name,
        vcenterName: v.vcenterName,
        storageContainers: [v.datastore],
        isPowered: v.powered,
        hasSnapshots: snaps.length > 0,
        hypervisorType: 'VMWARE',
        supportedSnapshotConsistencyTypes: ['CRASH_CONSISTENT', 'VM_CONSISTENT'],
      },
      snapshot: { typeId: 'com.tintri.api.rest.v310.dto.domain.beans.vm.VirtualMachineSnapshotInfo', ...(snaps[0] ? { latest: snapshotDto(snaps[0]) } : {}) },
      replication: replicationDto(v),
    };
  }

  function taskDto(t: FakeTask) {
    const done = t.state !== 'RUNNING';
    const progress = done ? 100 : Number.isFinite(cloneMs()) && cloneMs() > 0 ? Math.min(95, Math.floor(((Date.now() - t.createdAt) / cloneMs()) * 100)) : 10;
    return {
      typeId: 'com.tintri.api.rest.v310.dto.Task',
      uuid: uuidDto(t.uuid),
      type: 'CLONE',
      state: t.state,
      jobDone: done,
      isCancelable: false,
      progressPercent: progress,
      progressDescription: t.progressDescription,
      createDate: t.createdAt,
      lastUpdatedTime: new Date(t.updatedAt).toISOString(),
      targetType: 'SNAPSHOT',
      targetIds: [t.snapshotUuid],
    };
  }

  const page = <T>(items: T[], url: URL) => {
    const offset = Math.max(0, Number(url.searchParams.get('offset') ?? 0) || 0);
    const limit = Math.min(2000, Math.max(1, Number(url.searchParams.get('limit') ?? 2000) || 2000));
    const slice = items.slice(offset, offset + limit);
    return {
      typeId: 'com.tintri.api.rest.v310.dto.Page',
      absoluteTotal: items.length,
      total: items.length,
      filteredTotal: items.length,
      offset,
      limit,
      page: Math.floor(offset / limit) + 1,
      pageTotal: Math.max(1, Math.ceil(items.length / limit)),
      overflow: false,
      items: slice,
    };
  };

  return { uuidDto, snapshotDto, replicationDto, vmDto, taskDto, page };
}
