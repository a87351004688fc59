import {
  ProviderError,
  type ProtectedServerRef,
  type ProtectionProvider,
  type ProtectionSchedule,
  type ProtectionSnapshot,
  type ReplicationStatus,
  type RestoreRun,
} from '@glasspane/host';
import { PLUGIN_ID, PROVIDER_NAME, type TintriClient } from './client.js';
import {
  CLONE_SPEC_TYPE_ID,
  REQUEST_TYPE_ID,
  SCHEDULE_TYPE_ID,
  SNAPSHOT_SPEC_TYPE_ID,
  VMWARE_CLONE_TYPE_ID,
  isVm,
  toReplication,
  toRestoreRun,
  toSnapshot,
  vmIdentity,
  type RestoreRecord,
  type SiteNames,
  type TintriSnapshot,
  type TintriTask,
  type TintriVm,
  type VmIdentity,
} from './mapper.js';

/** How far back a snapshot of the same name counts as an earlier try of the same `takeSnapshot`. */
export const RETRY_WINDOW_MS = 10 * 60_000;

const notFound = (server: ProtectedServerRef) =>
  new ProviderError(
    PLUGIN_ID,
    `${PROVIDER_NAME} holds no VM for server "${server.name}" (${server.id}); if its hypervisor names it otherwise, map it in TINTRI_VM_MAP.`,
    {
      status: 404,
      code: 'not_found',
    },
  );

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
    private readonly options: { cacheMs?: number; now?: () => Date; vmMap?: Record<string, string>; siteNames?: SiteNames } = {},
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
    return (await this.#snapshots(vm.uuid!.uuid!, server.name, signal))
      .map(toSnapshot)
      .filter((s): s is ProtectionSnapshot => !!s)
      .sort((a, b) => b.takenAt.localeCompare(a.takenAt));
  }

  /**
   * `POST /snapshot` with a one-element list of SnapshotSpec; the answer's UUID is read back from
   * the VM's snapshots. A snapshot of the same name taken in the last RETRY_WINDOW_MS is returned
   * instead of taking another: it is this request's, sent before and its answer lost (the VMstore
   * takes the snapshot even when the caller stopped waiting, say for a VM-consistent snapshot that
   * waited for the guest to quiesce). The host's names carry the minute, so "Snapshot now" asked
   * twice in one minute is one snapshot.
   */
  async takeSnapshot(
    scope: string,
    server: ProtectedServerRef,
    input: { name: string; retentionMinutes: number; consistency?: 'crash' | 'vm' },
    signal?: AbortSignal,
  ): Promise<ProtectionSnapshot> {
    const uuid = (await this.#vm(scope, server, `the VM of "${server.name}"`, signal)).uuid!.uuid!;
    const since = this.#now().getTime() - RETRY_WINDOW_MS;
    const earlier = (await this.#newest(uuid, server.name, signal))
      .map(toSnapshot)
      .find((s) => s?.name === input.name.trim() && Date.parse(s.takenAt) >= since);
    if (earlier) return earlier;
    const consistency = input.consistency === 'vm' ? 'VM_CONSISTENT' : 'CRASH_CONSISTENT';
    const spec = {
      typeId: SNAPSHOT_SPEC_TYPE_ID,
      consistency,
      retentionMinutes: input.retentionMinutes,
      snapshotName: input.name,
      sourceVmTintriUUID: uuid,
    };
    const ids = await this.client.request<unknown>('POST', '/snapshot', { body: [spec], signal, what: 'the snapshot' });
    const id = Array.isArray(ids) && typeof ids[0] === 'string' ? ids[0] : undefined;
    if (!id)
      throw new ProviderError(PLUGIN_ID, `${PROVIDER_NAME} accepted the snapshot but did not say its UUID.`, {
        code: 'provider_bad_response',
      });
    const found = (await this.#newest(uuid, server.name, signal)).find((s) => s.uuid?.uuid === id);
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

  /**
   * The VM's own snapshot schedule (`PUT /vm/{uuid}/snapshotSchedule` with a Request of
   * VirtualMachineSnapshotSchedule, as the Python SDK's `update_vm_snapshot_schedule`): HOURLY
   * for a snapshot every hour or more often, DAILY at 02:30 otherwise, in Quartz cron.
   */
  async setSchedule(scope: string, server: ProtectedServerRef, schedule: ProtectionSchedule, signal?: AbortSignal): Promise<void> {
    const uuid = (await this.#vm(scope, server, `the VM of "${server.name}"`, signal)).uuid!.uuid!;
    const every = Math.max(1, Math.round(schedule.everyMinutes));
    const hourly = every < 1440;
    const cron = every < 60 ? `0 0/${every} * * * ?` : hourly ? `0 5 0/${Math.max(1, Math.round(every / 60))} * * ?` : '0 30 2 * * ?';
    const item = {
      typeId: SCHEDULE_TYPE_ID,
      type: hourly ? 'HOURLY' : 'DAILY',
      name: hourly ? 'Portal hourly' : 'Portal daily',
      cronExpressions: [cron],
      retentionSourceMinutes: Math.max(60, Math.round(schedule.retentionMinutes)),
      retentionDestinationMinutes: -1,
      consistency: schedule.consistency === 'vm' ? 'VM_CONSISTENT' : 'CRASH_CONSISTENT',
    };
    const request = {
      typeId: REQUEST_TYPE_ID,
      objectsWithNewValues: [item],
      propertiesToBeUpdated: ['cronExpressions', 'retentionSourceMinutes', 'consistency'],
    };
    await this.client.request('PUT', `/vm/${encodeURIComponent(uuid)}/snapshotSchedule`, {
      body: request,
      signal,
      what: `the snapshot schedule of "${server.name}"`,
    });
  }

  /** The VM's `replication.configurationsOutgoing` (`GET /vm/{uuid}`). */
  async replication(scope: string, server: ProtectedServerRef, signal?: AbortSignal): Promise<ReplicationStatus> {
    const vm = await this.#vm(scope, server, `the replication status of "${server.name}"`, signal);
    return toReplication(vm.replication, this.#now().getTime(), this.options.siteNames);
  }

  /**
   * Clones `snapshotId` (one of this VM's snapshots) to a new VM named `targetName` on the same
   * vCenter and datastore: `POST /vm` with a VirtualMachineCloneSpec from the snapshot, count 1.
   * The source VM is never the target: its name is refused, and so is any name a VM already has.
   */
  async startRestore(
    scope: string,
    server: ProtectedServerRef,
    input: { snapshotId: string; targetName: string },
    signal?: AbortSignal,
  ): Promise<RestoreRun> {
    const targetName = input.targetName.trim();
    if (!targetName) throw new ProviderError(PLUGIN_ID, 'A test restore needs a name for the new VM.', { status: 422, code: 'invalid' });
    if (targetName === server.name) {
      throw new ProviderError(
        PLUGIN_ID,
        `A test restore creates a new VM beside "${server.name}"; choose a name other than the server's own.`,
        { status: 422, code: 'invalid' },
      );
    }
    const vm = await this.#vm(scope, server, `VM "${server.name}"`, signal);
    if (!(await this.#hasSnapshot(vm.uuid!.uuid!, input.snapshotId, server.name, signal))) {
      throw new ProviderError(PLUGIN_ID, `${PROVIDER_NAME} has no snapshot "${input.snapshotId}" of "${server.name}".`, {
        status: 404,
        code: 'not_found',
      });
    }
    if (await this.#named(targetName, signal)) {
      throw new ProviderError(
        PLUGIN_ID,
        `A VM named "${targetName}" already exists on the ${PROVIDER_NAME}; choose another name for the test restore.`,
        { status: 409, code: 'conflict' },
      );
    }
    const spec = {
      typeId: CLONE_SPEC_TYPE_ID,
      vmId: null,
      snapshotId: input.snapshotId,
      consistency: 'CRASH_CONSISTENT',
      count: 1,
      vmware: {
        typeId: VMWARE_CLONE_TYPE_ID,
        cloneVmName: targetName,
        vCenterName: vm.vmware?.vcenterName ?? null,
        datastoreName: vm.vmware?.storageContainers?.[0] ?? 'default',
      },
    };
    const task = await this.client.request<TintriTask>('POST', '/vm', { body: spec, signal, what: 'the test restore' });
    const id = task?.uuid?.uuid;
    if (!task || !id)
      throw new ProviderError(PLUGIN_ID, `${PROVIDER_NAME} accepted the test restore but did not say its task.`, {
        code: 'provider_bad_response',
      });
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
    const query =
      identity.kind === 'instanceUuid' ? { instanceUuid: identity.instanceUuid } : { name: `${server.name} (${identity.vcdUuid})` };
    const matches = (vm: TintriVm) => isVm(vm, identity);
    const vms = await this.client.collect<TintriVm>('/vm', query, {
      signal,
      what: `the lookup of the VM of "${server.name}"`,
      until: matches,
    });
    return vms.find(matches);
  }

  /** A live VM with exactly this name (the VMstore's namespace is flat: a clone's name must be free). */
  async #named(name: string, signal?: AbortSignal): Promise<TintriVm | undefined> {
    const matches = (vm: TintriVm) => vm.vmware?.name === name && !vm.isDeleted && vm.isLive !== false && !!vm.uuid?.uuid;
    const vms = await this.client.collect<TintriVm>('/vm', { name }, { signal, what: `the lookup of VM "${name}"`, until: matches });
    return vms.find(matches);
  }

  /** The VM's ten newest snapshots, newest first. */
  async #newest(vmUuid: string, name: string, signal?: AbortSignal): Promise<TintriSnapshot[]> {
    const page = await this.client.request<{ items?: TintriSnapshot[] }>('GET', '/snapshot', {
      query: { vmUuid, sortedBy: 'createTime', sortOrder: 'DESC', offset: 0, limit: 10 },
      signal,
      what: `the snapshots of "${name}"`,
    });
    return page?.items ?? [];
  }

  async #hasSnapshot(vmUuid: string, snapshotId: string, name: string, signal?: AbortSignal): Promise<boolean> {
    const snapshots = await this.client.collect<TintriSnapshot>(
      '/snapshot',
      { vmUuid, sortedBy: 'createTime', sortOrder: 'DESC' },
      {
        signal,
        what: `the snapshots of "${name}"`,
        until: (s) => s.uuid?.uuid === snapshotId,
      },
    );
    return snapshots.some((s) => s.uuid?.uuid === snapshotId && !s.isDeleted && (!s.vmUuid?.uuid || s.vmUuid.uuid === vmUuid));
  }

  async #snapshots(uuid: string, name: string, signal?: AbortSignal): Promise<TintriSnapshot[]> {
    const items = await this.client.collect<TintriSnapshot>(
      '/snapshot',
      { vmUuid: uuid, sortedBy: 'createTime', sortOrder: 'DESC' },
      { signal, what: `the snapshots of "${name}"` },
    );
    return items.filter((s) => !s.isDeleted && (!s.vmUuid?.uuid || s.vmUuid.uuid === uuid));
  }
}
