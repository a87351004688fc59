/**
 * (Longer than 400 lines on purpose: one loopback server per provider, kept in one file so it
 * reads as the provider's API.)
 *
 * A loopback Tintri VMstore (REST API v310) for tests and the demo:
 *
 * - `GET /api/info` without login; `POST /api/v310/session/login` with RestApiCredentials sets a
 *   `JSESSIONID` cookie; `GET /api/v310/session/logout` answers 204. A missing, unknown or expired
 *   session answers 401 with a TintriError coded ERR-API-0104 (`expireSessions()`).
 * - VMs: `GET /api/v310/vm?name=&instanceUuid=&offset=&limit=` (a Page; deleted VMs are listed with
 *   `isDeleted: true`, as a recreated name leaves them behind) and `GET /api/v310/vm/{uuid}`, with
 *   `vmware` (VirtualMachineVmwareInfo: `name`, `instanceUuids`, `mor`, `hypervisorType`, …) and
 *   `replication.configurationsOutgoing` as the VMstore reports them. One flat namespace for every
 *   tenant, with the hypervisor's names: Cloud Director's vCenter VMs are `name (uuid)`, Nova's
 *   VMware driver names a VM by its instance UUID (which is also its vSphere instance UUID).
 * - Snapshots: `GET /api/v310/snapshot?vmUuid=&sortedBy=createTime&sortOrder=` (paged; expired ones
 *   are gone) and `POST /api/v310/snapshot` with a list of SnapshotSpec, answering their UUIDs;
 *   a bad spec, a busy VM or a full VM (128 snapshots) is a 400 TintriError. The answer comes once
 *   the snapshot is taken (`setSnapshotMs`; a VM-consistent one waits for the guest to quiesce):
 *   meanwhile the VM is busy, and a client that gave up waiting finds the snapshot afterwards.
 * - Snapshot schedules: `PUT /api/v310/vm/{uuid}/snapshotSchedule` with a Request of
 *   VirtualMachineSnapshotSchedule (Quartz cron, `retentionSourceMinutes`), one per type; the VM
 *   lists them as `snapshotSchedules`.
 * - Test restores: `POST /api/v310/vm` with a VirtualMachineCloneSpec from a snapshot starts a CLONE
 *   Task (`GET /api/v310/task/{uuid}`) that creates the new VM after `cloneMs`, or when
 *   `completeTasks()` is called; `failNextClone(message)` makes the next one fail.
 * - Faults: `failNext`, `garbageNext`, `setLatency`, `setMode('down' | 'slow' | 'garbage' | 'up')`,
 *   `setSessionsBroken`. A request is read as it arrives and carried out even when its client
 *   gives up before the answer (a timeout, an abort), as a VMstore that has the request would.
 *
 * Error codes other than ERR-API-0104, and the task UUID format, are the fake's own.
 *
 * Over 400 lines on purpose: the VMstore's state and the handlers that read and change it share
 * one closure, as one server does; the record shapes are in fake-types.ts, the demo's data in
 * fake-seed.ts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  CLONE_SPEC_TYPE_ID,
  CREDENTIALS_TYPE_ID,
  ERROR_TYPE_ID,
  FS,
  MAX_SNAPSHOTS,
  REQUEST_TYPE_ID,
  SCHEDULE_TYPE_ID,
  SNAPSHOT_SPEC_TYPE_ID,
  VMWARE_CLONE_TYPE_ID,
  hex16,
  sleep,
  time,
  type FakeConsistency,
  type FakeReplication,
  type FakeReplicationState,
  type FakeRequest,
  type FakeSchedule,
  type FakeSnapshot,
  type FakeSnapshotHistory,
  type FakeSnapshotSeed,
  type FakeTask,
  type FakeVm,
  type TintriFakeMode,
  type TintriFakeOptions,
} from './fake-types.js';
import { seedTintriDemo } from './fake-seed.js';

export type * from './fake-types.js';
export { seedTintriDemo };

/** Starts the fake on 127.0.0.1 (port 0 unless given). */
export async function createTintriFake(options: TintriFakeOptions = {}) {
  const username = options.username ?? 'glasspane';
  const password = options.password ?? 'fake-tintri-password';
  const vms: FakeVm[] = [];
  const tasks = new Map<string, FakeTask>();
  const sessions = new Set<string>();
  const requests: FakeRequest[] = [];
  const failures: { status: number; body?: string }[] = [];
  const cloneFailures: string[] = [];
  let cloneMs = options.cloneMs ?? 1500;
  /** How long taking a snapshot holds `POST /snapshot` (the VM is busy meanwhile); 0 answers at once. */
  let snapshotMs = 0;
  /** VMs a snapshot is being taken of right now. */
  const snapshotting = new Set<FakeVm>();
  let garbage = 0;
  let latency = 0;
  let mode: TintriFakeMode = 'up';
  let sessionsBroken = false;
  let logins = 0;
  let logouts = 0;
  let seq = 0;
  let base = '';

  const nextUuid = (kind: 'VIM' | 'SST' | 'TSK') => `${FS}-${kind}-${hex16(++seq + (kind === 'VIM' ? 0x5000 : 0))}`;

  // Data ------------------------------------------------------------------------------------------

  function snapshotOf(vm: FakeVm, seed: FakeSnapshotSeed): FakeSnapshot {
    const createTime = time(seed.takenAt);
    const retention = seed.retentionMinutes ?? 7 * 24 * 60;
    return {
      uuid: nextUuid('SST'),
      vmUuid: vm.uuid,
      vmName: vm.name,
      description:
        seed.name ??
        (seed.type === 'USER_GENERATED_SNAPSHOT'
          ? `manual ${new Date(createTime).toISOString().slice(0, 16)}`
          : `hourly ${new Date(createTime).toISOString().slice(0, 13)}h`),
      createTime,
      expirationTime: retention > 0 ? createTime + retention * 60_000 : -1,
      consistency: seed.consistency ?? 'CRASH_CONSISTENT',
      type: seed.type ?? 'SCHEDULED_SNAPSHOT',
      tag: seed.stale ? 'stale_ss_files' : null,
    };
  }

  function expand(spec: FakeSnapshotSeed[] | FakeSnapshotHistory): FakeSnapshotSeed[] {
    if (Array.isArray(spec)) return spec;
    const every = (spec.everyMinutes ?? 60) * 60_000;
    const newest = Date.now() - (spec.newestAgoMinutes ?? 0) * 60_000;
    return Array.from({ length: spec.count }, (_, k) => ({
      takenAt: newest - k * every,
      retentionMinutes: spec.retentionMinutes,
      consistency: spec.consistency,
      type: spec.type,
    }));
  }

  /** Adds a VM (powered on, on vcenter-01's `default` datastore) with its snapshots and replication. */
  function addVm(
    name: string,
    seed: {
      snapshots?: FakeSnapshotSeed[] | FakeSnapshotHistory;
      replication?: FakeReplication | FakeReplicationState;
      uuid?: string;
      /** Default: a new random UUID, as vCenter assigns one. */
      instanceUuid?: string;
      vcenterName?: string;
      datastore?: string;
      powered?: boolean;
      deleted?: boolean;
    } = {},
  ): FakeVm {
    const vm: FakeVm = {
      uuid: seed.uuid ?? nextUuid('VIM'),
      name,
      instanceUuid: seed.instanceUuid ?? randomUUID(),
      mor: `vm-${1000 + vms.length}`,
      vcenterName: seed.vcenterName ?? 'vcenter-01.example.net',
      datastore: seed.datastore ?? 'default',
      powered: seed.powered ?? true,
      deleted: seed.deleted ?? false,
      busy: false,
      snapshots: [],
      replication: { state: 'off' },
      clonedFrom: null,
      schedules: [],
    };
    vms.push(vm);
    if (seed.snapshots) for (const s of expand(seed.snapshots)) vm.snapshots.push(snapshotOf(vm, s));
    if (seed.replication) setReplication(name, seed.replication);
    return vm;
  }

  /** The live VM with this name. */
  function vm(name: string): FakeVm | undefined {
    return vms.find((v) => v.name === name && !v.deleted);
  }

  function setReplication(name: string, replication: FakeReplication | FakeReplicationState): void {
    const target = vm(name);
    if (!target) throw new Error(`no VM ${name}`);
    target.replication = typeof replication === 'string' ? { state: replication } : replication;
  }

  function setBusy(name: string, busy: boolean): void {
    const target = vm(name);
    if (!target) throw new Error(`no VM ${name}`);
    target.busy = busy;
  }

  const live = (s: FakeSnapshot) => s.expirationTime <= 0 || s.expirationTime > Date.now();

  // DTOs ------------------------------------------------------------------------------------------

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
    if (r.state === 'off')
      return {
        typeId: 'com.tintri.api.rest.v310.dto.domain.beans.vm.VirtualMachineReplicationInfo',
        configurationsOutgoing: [],
        configurationsIncoming: [],
      };
    const target = r.target ?? 'dr-vmstore-02';
    const last =
      r.lastReplicaAt === undefined
        ? r.state === 'ok'
          ? Date.now() - 10 * 60_000
          : Date.now() - 30 * 3600_000
        : r.lastReplicaAt === null
          ? null
          : time(r.lastReplicaAt);
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
          path: {
            typeId: 'com.tintri.api.rest.v310.dto.domain.beans.repl.DatastoreReplicationPath',
            displayName: target,
            destinationIp: '10.20.0.12',
            destinationPort: 24001,
          },
          ...(r.state === 'broken'
            ? {
                error: {
                  typeId: ERROR_TYPE_ID,
                  code: 'ERR-REPL-0310',
                  message: r.message ?? `Replication to ${target} failed: the destination did not answer.`,
                  causeDetails: 'connect timed out',
                },
              }
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
        instanceUuids: [v.instanceUuid],
        mor: v.mor,
        vcenterName: v.vcenterName,
        hypervisorManagerDisplayName: v.vcenterName,
        storageContainers: [v.datastore],
        isPowered: v.powered,
        hasSnapshots: snaps.length > 0,
        hypervisorType: 'VMWARE',
        supportedSnapshotConsistencyTypes: ['CRASH_CONSISTENT', 'VM_CONSISTENT'],
      },
      snapshot: {
        typeId: 'com.tintri.api.rest.v310.dto.domain.beans.vm.VirtualMachineSnapshotInfo',
        ...(snaps[0] ? { latest: snapshotDto(snaps[0]) } : {}),
      },
      replication: replicationDto(v),
      snapshotSchedules: v.schedules.map((s) => ({ typeId: SCHEDULE_TYPE_ID, ...s, isSystemDefaultSchedule: false })),
    };
  }

  /**
   * `PUT /api/v310/vm/{uuid}/snapshotSchedule` with a Request (`objectsWithNewValues`: a list of
   * VirtualMachineSnapshotSchedule, `propertiesToBeUpdated`), as the Python SDK's
   * `update_vm_snapshot_schedule` sends it. One schedule per type: a new one of a type
   * replaces the old one; the VM's other types stay.
   */
  function schedule(res: ServerResponse, entry: FakeRequest, uuid: string, body: unknown) {
    const target = vms.find((v) => v.uuid === uuid && !v.deleted);
    if (!target) return error(res, entry, 404, 'ERR-API-0404', `Virtual machine ${uuid} was not found.`);
    const req = (body ?? {}) as Record<string, unknown>;
    if (req.typeId !== REQUEST_TYPE_ID || !Array.isArray(req.objectsWithNewValues))
      return error(res, entry, 400, 'ERR-API-1301', 'Snapshot schedule changes expect a Request with objectsWithNewValues.');
    const next: FakeSchedule[] = [];
    for (const raw of req.objectsWithNewValues) {
      const s = (raw ?? {}) as Record<string, unknown>;
      if (s.typeId !== SCHEDULE_TYPE_ID)
        return error(res, entry, 400, 'ERR-API-1202', `Unknown typeId ${String(s.typeId)}; expected VirtualMachineSnapshotSchedule.`);
      const type = s.type as FakeSchedule['type'];
      if (!['HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'QUARTERLY'].includes(type))
        return error(
          res,
          entry,
          400,
          'ERR-API-1302',
          `Schedule type ${String(s.type)} is not one of HOURLY, DAILY, WEEKLY, MONTHLY, QUARTERLY.`,
        );
      const crons = s.cronExpressions;
      // Quartz cron: seconds minutes hours day-of-month month day-of-week [year].
      if (
        !Array.isArray(crons) ||
        !crons.length ||
        crons.some((c) => typeof c !== 'string' || ![6, 7].includes(c.trim().split(/\s+/).length))
      ) {
        return error(
          res,
          entry,
          400,
          'ERR-API-1303',
          'cronExpressions must be Quartz cron expressions (seconds minutes hours day-of-month month day-of-week).',
        );
      }
      const retention = s.retentionSourceMinutes;
      if (typeof retention !== 'number' || !Number.isInteger(retention) || (retention !== -1 && retention <= 59))
        return error(res, entry, 400, 'ERR-API-1204', 'retentionSourceMinutes must be -1 or greater than 59.');
      if (s.consistency !== undefined && s.consistency !== 'CRASH_CONSISTENT' && s.consistency !== 'VM_CONSISTENT')
        return error(res, entry, 400, 'ERR-API-1203', `Snapshot consistency ${String(s.consistency)} is not supported.`);
      if (next.some((n) => n.type === type)) return error(res, entry, 400, 'ERR-API-1304', `Only one ${type} schedule per VM.`);
      next.push({
        type,
        name: typeof s.name === 'string' && s.name ? s.name : type.charAt(0) + type.slice(1).toLowerCase(),
        cronExpressions: crons as string[],
        retentionSourceMinutes: retention,
        retentionDestinationMinutes: typeof s.retentionDestinationMinutes === 'number' ? s.retentionDestinationMinutes : -1,
        consistency: (s.consistency as FakeSchedule['consistency'] | undefined) ?? 'CRASH_CONSISTENT',
      });
    }
    target.schedules = [...target.schedules.filter((old) => !next.some((n) => n.type === old.type)), ...next];
    res.writeHead(204);
    entry.status = 204;
    return res.end();
  }

  function taskDto(t: FakeTask) {
    const done = t.state !== 'RUNNING';
    const progress = done
      ? 100
      : Number.isFinite(cloneMs) && cloneMs > 0
        ? Math.min(95, Math.floor(((Date.now() - t.createdAt) / cloneMs) * 100))
        : 10;
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

  // Tasks -----------------------------------------------------------------------------------------

  function finish(t: FakeTask): void {
    if (t.state !== 'RUNNING') return;
    t.updatedAt = Date.now();
    if (t.failWith) {
      t.state = 'FAILED';
      t.progressDescription = t.failWith;
      return;
    }
    const source = vms.find((v) => v.uuid === t.sourceVmUuid);
    const clone = addVm(t.cloneVmName, { vcenterName: source?.vcenterName, datastore: source?.datastore, powered: false });
    clone.clonedFrom = t.snapshotUuid;
    t.newVmUuid = clone.uuid;
    t.state = 'SUCCESS';
    t.progressDescription = `Cloned 1 VM: ${t.cloneVmName}`;
  }

  // HTTP ------------------------------------------------------------------------------------------

  function send(res: ServerResponse, entry: FakeRequest, status: number, body?: unknown, headers: Record<string, string> = {}) {
    entry.status = status;
    if (body === undefined) {
      res.writeHead(status, headers);
      return res.end();
    }
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, {
      'content-type': typeof body !== 'string' || /^[[{"]/.test(text) ? 'application/json' : 'text/plain',
      ...headers,
    });
    res.end(text);
  }

  const error = (res: ServerResponse, entry: FakeRequest, status: number, code: string, message: string, causeDetails = '') =>
    send(res, entry, status, { typeId: ERROR_TYPE_ID, code, message, causeDetails });

  async function readBody(req: IncomingMessage): Promise<{ ok: true; body: unknown } | { ok: false }> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString();
    if (!text) return { ok: true, body: undefined };
    try {
      return { ok: true, body: JSON.parse(text) };
    } catch {
      return { ok: false };
    }
  }

  const sessionOf = (req: IncomingMessage) => /(?:^|;\s*)JSESSIONID=([^;]+)/.exec(req.headers.cookie ?? '')?.[1] ?? null;

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', base);
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const entry: FakeRequest = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      session: sessionOf(req),
      body: undefined,
      status: 0,
    };
    requests.push(entry);
    if (mode === 'down') return req.socket.destroy();
    // Closed before it was answered: the client gave up (its timeout, an abort) while the VMstore worked.
    let abandoned = false;
    res.once('close', () => (abandoned = !res.writableFinished));
    // The whole request is the VMstore's before it works on it (the latency): a client that gives
    // up while it waits does not undo the work, which is carried out below all the same. Its
    // answer is lost; a snapshot or clone it asked for is there for the client to find.
    const parsed = await readBody(req).catch(() => undefined);
    if (!parsed) return; // the connection went before the body had arrived: nothing to work on
    if (latency || mode === 'slow') await sleep(Math.max(latency, mode === 'slow' ? 30_000 : 0));
    if (!parsed.ok) return error(res, entry, 400, 'ERR-API-0400', 'The request body is not valid JSON.');
    entry.body = parsed.body;
    // A fault queued with failNext or garbageNext is for a request someone reads, not for one an
    // earlier test abandoned that is still waiting out its latency here.
    const failure = abandoned ? undefined : failures.shift();
    if (failure) return send(res, entry, failure.status, failure.body ?? '');
    if (mode === 'garbage' || (garbage > 0 && !abandoned)) {
      if (mode !== 'garbage') garbage--;
      return send(res, entry, 200, '<html><body><h1>502 Bad Gateway</h1></body></html>', { 'content-type': 'text/html' });
    }

    if (path === '/api/info' && method === 'GET') {
      return send(res, entry, 200, {
        productName: 'Tintri VMstore',
        preferredVersion: 'v310.51',
        supportedVersionSet: ['v310.1', 'v310.11', 'v310.21', 'v310.31', 'v310.41', 'v310.51'],
      });
    }
    if (path === '/api/v310/session/login' && method === 'POST') {
      logins++;
      const body = parsed.body as { username?: unknown; password?: unknown; typeId?: unknown } | undefined;
      if (!body || body.typeId !== CREDENTIALS_TYPE_ID)
        return error(res, entry, 400, 'ERR-API-0102', 'The login request must be RestApiCredentials.');
      if (body.username !== username || body.password !== password)
        return error(res, entry, 401, 'ERR-API-0101', 'Authentication failed: invalid user name or password.');
      const id = randomBytes(16).toString('hex').toUpperCase();
      sessions.add(id);
      return send(res, entry, 200, '"ADMIN"', {
        'set-cookie': `JSESSIONID=${id}; Path=/api; HttpOnly`,
        'content-type': 'application/json',
      });
    }
    if (!path.startsWith('/api/v310/')) return error(res, entry, 404, 'ERR-API-0404', `No API at ${path}.`);
    if (!entry.session || !sessions.has(entry.session) || sessionsBroken) {
      return error(res, entry, 401, 'ERR-API-0104', 'Invalid session: the session has expired or does not exist. Please log in again.');
    }
    if (path === '/api/v310/session/logout' && method === 'GET') {
      sessions.delete(entry.session);
      logouts++;
      return send(res, entry, 204);
    }

    let m: RegExpExecArray | null;
    if (path === '/api/v310/vm' && method === 'GET') {
      const name = url.searchParams.get('name');
      const uuid = url.searchParams.get('uuid');
      // VirtualMachineFilterSpec's `instanceUuid`; that it matches any of `vmware.instanceUuids` is inferred.
      const instanceUuid = url.searchParams.get('instanceUuid')?.toLowerCase() ?? null;
      const matching = vms.filter(
        (v) =>
          (name === null || v.name === name) &&
          (uuid === null || v.uuid === uuid) &&
          (instanceUuid === null || v.instanceUuid === instanceUuid),
      );
      return send(res, entry, 200, page(matching.map(vmDto), url));
    }
    if ((m = /^\/api\/v310\/vm\/([^/]+)$/.exec(path)) && method === 'GET') {
      const target = vms.find((v) => v.uuid === decodeURIComponent(m![1]!));
      if (!target) return error(res, entry, 404, 'ERR-API-0404', `Virtual machine ${decodeURIComponent(m[1]!)} was not found.`);
      return send(res, entry, 200, vmDto(target));
    }
    if (path === '/api/v310/vm' && method === 'POST') return clone(res, entry, parsed.body);
    if ((m = /^\/api\/v310\/vm\/([^/]+)\/snapshotSchedule$/.exec(path)) && method === 'PUT')
      return schedule(res, entry, decodeURIComponent(m[1]!), parsed.body);
    if (path === '/api/v310/snapshot' && method === 'GET') {
      const vmUuid = url.searchParams.get('vmUuid');
      const desc = (url.searchParams.get('sortOrder') ?? 'ASC').toUpperCase() === 'DESC';
      const list = vms
        .flatMap((v) => v.snapshots)
        .filter((s) => live(s) && (vmUuid === null || s.vmUuid === vmUuid))
        .sort((a, b) => (desc ? b.createTime - a.createTime : a.createTime - b.createTime));
      return send(res, entry, 200, page(list.map(snapshotDto), url));
    }
    if (path === '/api/v310/snapshot' && method === 'POST') return snapshot(res, entry, parsed.body);
    if ((m = /^\/api\/v310\/task\/([^/]+)$/.exec(path)) && method === 'GET') {
      const task = tasks.get(decodeURIComponent(m[1]!));
      if (!task) return error(res, entry, 404, 'ERR-API-0404', `Task ${decodeURIComponent(m[1]!)} was not found.`);
      return send(res, entry, 200, taskDto(task));
    }
    return error(res, entry, 404, 'ERR-API-0404', `No API at ${method} ${path}.`);
  }

  /**
   * `POST /api/v310/snapshot`: a list of SnapshotSpec, answered with the new UUIDs once the
   * snapshots are taken (after `snapshotMs`, during which another snapshot of the VM is refused).
   */
  async function snapshot(res: ServerResponse, entry: FakeRequest, body: unknown) {
    if (!Array.isArray(body)) return error(res, entry, 400, 'ERR-API-1201', 'Snapshot creation expects a list of SnapshotSpec.');
    const plans: { vm: FakeVm; spec: Record<string, unknown> }[] = [];
    for (const raw of body) {
      const spec = (raw ?? {}) as Record<string, unknown>;
      if (spec.typeId !== SNAPSHOT_SPEC_TYPE_ID)
        return error(res, entry, 400, 'ERR-API-1202', `Unknown typeId ${String(spec.typeId)}; expected SnapshotSpec.`);
      if (spec.consistency !== undefined && spec.consistency !== 'CRASH_CONSISTENT' && spec.consistency !== 'VM_CONSISTENT') {
        return error(res, entry, 400, 'ERR-API-1203', `Snapshot consistency ${String(spec.consistency)} is not supported.`);
      }
      const retention = spec.retentionMinutes;
      if (
        retention !== undefined &&
        (typeof retention !== 'number' || !Number.isInteger(retention) || (retention !== -1 && retention <= 59))
      ) {
        return error(res, entry, 400, 'ERR-API-1204', 'retentionMinutes must be -1 or greater than 59.');
      }
      const target = vms.find((v) => v.uuid === spec.sourceVmTintriUUID && !v.deleted);
      if (!target) return error(res, entry, 404, 'ERR-API-0404', `Virtual machine ${String(spec.sourceVmTintriUUID)} was not found.`);
      if (target.busy || snapshotting.has(target))
        return error(res, entry, 400, 'ERR-API-1205', `Another snapshot operation is in progress for VM ${target.name}; try again later.`);
      if (target.snapshots.filter(live).length >= MAX_SNAPSHOTS)
        return error(res, entry, 400, 'ERR-API-1206', `VM ${target.name} already has ${MAX_SNAPSHOTS} snapshots, the most a VM can have.`);
      if (spec.consistency === 'VM_CONSISTENT' && !target.powered)
        return error(res, entry, 400, 'ERR-API-1207', `A VM-consistent snapshot needs VM ${target.name} to be powered on.`);
      plans.push({ vm: target, spec });
    }
    if (snapshotMs > 0) {
      for (const p of plans) snapshotting.add(p.vm);
      await sleep(snapshotMs);
      for (const p of plans) snapshotting.delete(p.vm);
    }
    const ids = plans.map(({ vm: target, spec }) => {
      const s = snapshotOf(target, {
        name: typeof spec.snapshotName === 'string' ? spec.snapshotName : '',
        takenAt: Date.now(),
        retentionMinutes: typeof spec.retentionMinutes === 'number' ? spec.retentionMinutes : -1,
        consistency: (spec.consistency as FakeConsistency | undefined) ?? 'CRASH_CONSISTENT',
        type: 'USER_GENERATED_SNAPSHOT',
      });
      target.snapshots.push(s);
      return s.uuid;
    });
    return send(res, entry, 200, ids);
  }

  /** `POST /api/v310/vm`: a VirtualMachineCloneSpec from a snapshot, answered with a CLONE Task. */
  function clone(res: ServerResponse, entry: FakeRequest, body: unknown) {
    const spec = (body ?? {}) as {
      typeId?: unknown;
      snapshotId?: unknown;
      vmId?: unknown;
      count?: unknown;
      vmware?: { typeId?: unknown; cloneVmName?: unknown; vCenterName?: unknown; datastoreName?: unknown };
    };
    if (spec.typeId !== CLONE_SPEC_TYPE_ID)
      return error(res, entry, 400, 'ERR-API-1301', `Unknown typeId ${String(spec.typeId)}; expected VirtualMachineCloneSpec.`);
    if (typeof spec.snapshotId !== 'string' || !spec.snapshotId)
      return error(res, entry, 400, 'ERR-API-1302', 'This VMstore fake clones from snapshots only: snapshotId is required.');
    if (spec.count !== 1) return error(res, entry, 400, 'ERR-API-1303', 'count must be 1 for a clone from a snapshot here.');
    const source = vms.find((v) => v.snapshots.some((s) => s.uuid === spec.snapshotId && live(s)));
    if (!source) return error(res, entry, 404, 'ERR-API-0404', `Snapshot ${spec.snapshotId} was not found.`);
    const vmware = spec.vmware;
    if (!vmware || vmware.typeId !== VMWARE_CLONE_TYPE_ID)
      return error(res, entry, 400, 'ERR-API-1304', 'VMware clone information is required.');
    const name = typeof vmware.cloneVmName === 'string' ? vmware.cloneVmName.trim() : '';
    if (!name || name.length > 80) return error(res, entry, 400, 'ERR-API-1305', 'cloneVmName must be 1 to 80 characters.');
    if (vmware.vCenterName !== source.vcenterName)
      return error(res, entry, 400, 'ERR-API-1306', `vCenter ${String(vmware.vCenterName)} is not a compute resource of this VMstore.`);
    if (vmware.datastoreName !== source.datastore)
      return error(res, entry, 400, 'ERR-API-1307', `Datastore ${String(vmware.datastoreName)} does not exist.`);
    if (vm(name)) return error(res, entry, 400, 'ERR-API-1308', `A virtual machine named ${name} already exists.`);
    const now = Date.now();
    const task: FakeTask = {
      uuid: nextUuid('TSK'),
      sourceVmUuid: source.uuid,
      snapshotUuid: spec.snapshotId,
      cloneVmName: name,
      state: 'RUNNING',
      createdAt: now,
      updatedAt: now,
      progressDescription: `Cloning ${source.name} to ${name}`,
      newVmUuid: null,
      failWith: cloneFailures.shift() ?? null,
    };
    tasks.set(task.uuid, task);
    if (Number.isFinite(cloneMs)) setTimeout(() => finish(task), cloneMs).unref();
    return send(res, entry, 200, taskDto(task));
  }

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const fake = {
    url: base,
    username,
    password,
    /** What the plugin's configuration needs to talk to this fake. */
    config: { url: base, username, password },
    /** Everything the fake holds, for assertions. */
    state: { vms, tasks, sessions, requests },
    vms,
    tasks,
    /** Every request, in arrival order, with the status it got. */
    requests,
    get logins() {
      return logins;
    },
    get logouts() {
      return logouts;
    },
    addVm,
    vm,
    setReplication,
    setBusy,
    /** Every session answers 401 ERR-API-0104 from now on (idle timeout). */
    expireSessions() {
      sessions.clear();
    },
    /** While true, even fresh sessions are refused (a user the REST API turns away after login). */
    setSessionsBroken(on: boolean) {
      sessionsBroken = on;
    },
    /** The next `n` requests answer this status and body (a TintriError JSON or text). */
    failNext(n: number, failure: { status: number; body?: string }) {
      for (let k = 0; k < n; k++) failures.push(failure);
    },
    /** The next `n` requests answer 200 with an HTML page. */
    garbageNext(n: number) {
      garbage += n;
    },
    /** Every request waits this long before it is answered. */
    setLatency(ms: number) {
      latency = ms;
    },
    /** `down` drops connections, `slow` answers after 30 s, `garbage` answers HTML, `up` is normal. */
    setMode(next: TintriFakeMode) {
      mode = next;
    },
    /** How long taking a snapshot holds its `POST /snapshot` from now on (0: answered at once). */
    setSnapshotMs(ms: number) {
      snapshotMs = ms;
    },
    /** How long clone tasks run from now on; `Infinity` waits for `completeTasks()`. */
    setCloneMs(ms: number) {
      cloneMs = ms;
    },
    /** The next clone task fails with this progress description. */
    failNextClone(message = 'Clone failed: not enough space on the datastore.') {
      cloneFailures.push(message);
    },
    /** Finishes every running clone task now. */
    completeTasks() {
      for (const t of tasks.values()) finish(t);
    },
    /** Forgets queued faults, latency, mode and the request log (the data and sessions stay). */
    reset() {
      failures.length = 0;
      cloneFailures.length = 0;
      garbage = 0;
      latency = 0;
      snapshotMs = 0;
      mode = 'up';
      sessionsBroken = false;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  if (options.seed === 'demo') seedTintriDemo(fake);
  return fake;
}

/** A running fake with its controls. */
export type TintriFake = Awaited<ReturnType<typeof createTintriFake>>;
/** The same factory under the other fakes' naming (`startVcloudFake`, `startOpenStackFake`). */
export const startTintriFake = createTintriFake;
