/**
 * (Longer than 400 lines on purpose: one loopback server per provider, kept in one file so it
 * reads as the provider's API.)
 *
 * A loopback Cloud Director for tests and the demo, written from VMware's API reference and
 * the official clients (go-vcloud-director, pyvcloud), not from the plugin:
 *
 * - `GET /api/versions` (no login) lists the versions it serves; any other call whose
 *   `Accept` asks for a version it does not serve answers 406.
 * - Tenant login `POST /cloudapi/1.0.0/sessions` (Basic `user@org`), provider login
 *   `POST /cloudapi/1.0.0/sessions/provider` (Basic `user@System`), API tokens
 *   `POST /oauth/tenant/{org}/token` and `/oauth/provider/token` (refresh-token grant). A
 *   provider session sees every org unless it sends `X-VMWARE-VCLOUD-TENANT-CONTEXT`.
 * - Every change is a Task (`queued` → `running` → `success` | `error`), readable at its
 *   href, with an `error` element when it fails. `instantiateVAppTemplate` answers a sparsely
 *   populated vApp (its Task, no VMs): the VM appears when the Task ends.
 * - Power: `powerOff` leaves the VM deployed (`PARTIALLY_POWERED_OFF`); `shutdown`, `reboot`
 *   and `undeploy` with `shutdown` need VMware Tools in the guest and fail their Task without
 *   them; a wrong state is a 400 `BAD_REQUEST`, a busy VM `BUSY_ENTITY`.
 * - Several VDCs per org; VMs are reconfigured through `virtualHardwareSection/cpu|memory`.
 * - Metrics: current in XML; historic only with the optional metrics database.
 * - Idle sessions expire into a 401 with an empty body.
 *
 * Time comes from `now` (default `Date.now`): tests pass their own clock and move it; the
 * fake has no timers, a Task ends when the clock passes its end.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomUUID } from 'node:crypto';

/** The demo's servers keep their ids across restarts, so data recorded about them stays theirs. */
const stableId = (seed: string) => {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** Status words of the query service's VM records (the entity's integer `status` is in `STATUS_CODE`). */
export type FakeVmStatus =
  | 'POWERED_ON'
  | 'POWERED_OFF'
  | 'PARTIALLY_POWERED_OFF'
  | 'SUSPENDED'
  | 'UNRESOLVED'
  | 'FAILED_CREATION'
  | 'WAITING_FOR_INPUT'
  | 'INCONSISTENT_STATE'
  | 'UNKNOWN';
const STATUS_CODE: Record<string, number> = {
  FAILED_CREATION: -1,
  UNRESOLVED: 0,
  RESOLVED: 1,
  SUSPENDED: 3,
  POWERED_ON: 4,
  WAITING_FOR_INPUT: 5,
  UNKNOWN: 6,
  POWERED_OFF: 8,
  PARTIALLY_POWERED_OFF: 8,
  INCONSISTENT_STATE: 9,
};

export interface FakeVm {
  id: string;
  name: string;
  status: FakeVmStatus;
  /** Deployed: resources held on a host (true after powerOn, still true after powerOff). */
  deployed: boolean;
  /** VMware Tools running in the guest: needed for shutdown and reboot. */
  tools: boolean;
  cpus: number;
  memoryMB: number;
  storageMb: number;
  ip: string;
  busy: boolean;
  created: string;
  /** The VDC's name. */
  vdc: string;
  /** 0–1: how busy the VM is at its daily peak. */
  load: number;
}

interface FakeTask {
  id: string;
  org: string;
  operationName: string;
  operation: string;
  owner: string;
  startTime: string;
  endsAt: number;
  status: 'queued' | 'running' | 'success' | 'error' | 'aborted';
  /** Runs when the task ends; a string is the task's error message. */
  finish: () => string | void;
  /** The VM the task keeps busy. */
  vm?: FakeVm;
  error?: { majorErrorCode: number; minorErrorCode: string; message: string };
}

export interface VcloudFakeOptions {
  port?: number;
  /** How long a Task runs, on the `now` clock. */
  transitionMs?: number;
  seed?: 'demo';
  /** The fake's clock (ms); tests move it. Default `Date.now`. */
  now?: () => number;
  /** API versions served by `/api/versions` (default 35.0–38.1). */
  versions?: string[];
  /** Whether the optional metrics database is configured (historic metrics). Default true. */
  metricsDatabase?: boolean;
}

/** The org VDCs' VM sizing policies, and a placement policy without a size (not a flavor). */
const POLICIES: { id: string; name: string; cpuCount: number | null; memory: number | null; isSizingOnly: boolean }[] = [
  {
    id: `urn:vcloud:vdcComputePolicy:${stableId('policy:s')}`,
    name: 'Small (2 vCPU, 4 GB)',
    cpuCount: 2,
    memory: 4096,
    isSizingOnly: true,
  },
  {
    id: `urn:vcloud:vdcComputePolicy:${stableId('policy:m')}`,
    name: 'Medium (4 vCPU, 8 GB)',
    cpuCount: 4,
    memory: 8192,
    isSizingOnly: true,
  },
  {
    id: `urn:vcloud:vdcComputePolicy:${stableId('policy:l')}`,
    name: 'Large (8 vCPU, 16 GB)',
    cpuCount: 8,
    memory: 16384,
    isSizingOnly: true,
  },
  {
    id: `urn:vcloud:vdcComputePolicy:${stableId('policy:p')}`,
    name: 'Host group AMS1-A',
    cpuCount: null,
    memory: null,
    isSizingOnly: false,
  },
];
/** vApp templates in the public catalog; one has expired. */
const TEMPLATES = [
  { id: stableId('tpl:ubuntu'), vmId: stableId('tplvm:ubuntu'), name: 'Ubuntu 24.04 LTS', isExpired: false },
  { id: stableId('tpl:debian'), vmId: stableId('tplvm:debian'), name: 'Debian 12', isExpired: false },
  { id: stableId('tpl:centos'), vmId: stableId('tplvm:centos'), name: 'CentOS 7 (retired)', isExpired: true },
];
/** The vSphere fault Cloud Director relays when a guest operation finds no VMware Tools. */
const NO_TOOLS = 'Cannot complete operation because VMware Tools is not running in this virtual machine.';

export async function startVcloudFake(options: VcloudFakeOptions = {}) {
  const now = options.now ?? Date.now;
  const user = { name: 'glasspane', password: 'fake-vcd-password' };
  const provider = { name: 'administrator', password: 'fake-vcd-provider-password' };
  const versions = options.versions ?? ['35.0', '36.0', '37.0', '38.0', '38.1'];
  const orgNames = ['globex', 'initech'];
  const orgs = new Map<string, FakeVm[]>(orgNames.map((o) => [o, []]));
  const orgIds = new Map(orgNames.map((o) => [o, stableId(`org:${o}`)]));
  /** Each org has two VDCs; the first is where the demo's VMs live. */
  const vdcs = new Map(
    orgNames.map((o) => [o, [`${o}-vdc-ams1`, `${o}-vdc-fra1`].map((name) => ({ name, id: stableId(`vdc:${o}:${name}`) }))]),
  );
  /** Session token → the org it is for (`System` for provider sessions). */
  const sessions = new Map<string, string>();
  /** API (refresh) tokens → org (`System` for provider tokens). */
  const apiTokens = new Map<string, string>([
    ['fake-tenant-api-token', 'globex'],
    ['fake-provider-api-token', 'System'],
  ]);
  const vapps = new Map<string, { id: string; org: string; name: string; vmId: string; task: FakeTask; ready: boolean }>();
  const tasks = new Map<string, FakeTask>();
  const failures: { status: number; body?: string }[] = [];
  const failTasks: string[] = [];
  const versionsAsked = new Set<string>();
  const tenantContexts: string[] = [];
  let garbage = 0;
  let logins = 0;
  /** Every request as `METHOD /path` (no query), in order: what Cloud Director's access log would count. */
  const requests: string[] = [];
  let metricsDatabase = options.metricsDatabase ?? true;
  const transitionMs = options.transitionMs ?? 1500;
  let base = '';

  function addVm(org: string, partial: Partial<FakeVm> & { name: string }): FakeVm {
    const list = orgs.get(org)!;
    const vm: FakeVm = {
      id: randomUUID(),
      status: 'POWERED_ON',
      deployed: partial.status === undefined || partial.status === 'POWERED_ON' || partial.status === 'PARTIALLY_POWERED_OFF',
      tools: true,
      cpus: 2,
      memoryMB: 4096,
      storageMb: 51200,
      ip: `192.168.10.${10 + list.length}`,
      busy: false,
      created: new Date(now() - 200 * 86400_000).toISOString(),
      vdc: vdcs.get(org)![0]!.name,
      load: 0.5,
      ...partial,
    };
    list.push(vm);
    return vm;
  }

  /** A Task on `owner`; `finish` runs when the clock passes its end. */
  function startTask(org: string, operationName: string, operation: string, owner: string, finish: FakeTask['finish']): FakeTask {
    const task: FakeTask = {
      id: randomUUID(),
      org,
      operationName,
      operation,
      owner,
      startTime: new Date(now()).toISOString(),
      endsAt: now() + transitionMs,
      status: 'running',
      finish,
    };
    tasks.set(task.id, task);
    return task;
  }

  /** Ends every task whose time has come (called on each request: there are no timers). */
  function advance() {
    for (const task of tasks.values()) {
      if (task.status !== 'running' || now() < task.endsAt) continue;
      let message: string | void;
      if (failTasks[0] === task.operationName) {
        failTasks.shift();
        if (task.vm) task.vm.busy = false;
        message = 'The operation failed: there is not enough storage in the storage policy.';
      } else message = task.finish();
      if (typeof message === 'string') {
        task.status = 'error';
        task.error = { majorErrorCode: 500, minorErrorCode: 'INTERNAL_SERVER_ERROR', message: `[ ${randomUUID()} ] ${message}` };
      } else task.status = 'success';
    }
  }

  const taskJson = (t: FakeTask) => ({
    _type: 'TaskType',
    href: `${base}/api/task/${t.id}`,
    id: `urn:vcloud:task:${t.id}`,
    status: t.status,
    operationName: t.operationName,
    operation: t.operation,
    startTime: t.startTime,
    ...(t.status === 'running' ? {} : { endTime: new Date(Math.max(t.endsAt, Date.parse(t.startTime))).toISOString() }),
    owner: {
      href: t.owner,
      type: t.owner.includes('vapp-') ? 'application/vnd.vmware.vcloud.vApp+xml' : 'application/vnd.vmware.vcloud.vm+xml',
    },
    ...(t.error ? { error: t.error } : {}),
  });

  const record = (org: string, vm: FakeVm) => ({
    _type: 'QueryResultVMRecordType',
    href: `${base}/api/vApp/vm-${vm.id}`,
    id: `urn:vcloud:vm:${vm.id}`,
    name: vm.name,
    status: vm.status,
    numberOfCpus: vm.cpus,
    memoryMB: vm.memoryMB,
    totalStorageAllocatedMb: vm.storageMb,
    ipAddress: vm.ip,
    guestOs: 'Ubuntu Linux (64-bit)',
    containerName: `${vm.name}`,
    vdcName: vm.vdc,
    vdc: `${base}/api/vdc/${vdcs.get(org)!.find((v) => v.name === vm.vdc)!.id}`,
    org: `${base}/api/org/${orgIds.get(org)}`,
    isVAppTemplate: false,
    isDeployed: vm.deployed,
    isBusy: vm.busy,
    dateCreated: vm.created,
  });

  const usage = (vm: FakeVm, t: number) => {
    const day = Math.sin(((t / 3600 - 9) / 24) * 2 * Math.PI);
    return Math.max(1, Math.min(100, 100 * vm.load * (0.55 + 0.55 * day) + 3 * Math.sin(t / 61)));
  };

  function send(
    res: ServerResponse,
    status: number,
    body = '',
    type = 'application/vnd.vmware.vcloud.error+json',
    headers: Record<string, string> = {},
  ) {
    res.writeHead(status, { 'content-type': type, ...headers });
    res.end(body);
  }
  const error = (res: ServerResponse, status: number, minor: string, message: string) =>
    send(
      res,
      status,
      JSON.stringify({
        minorErrorCode: minor,
        message,
        majorErrorCode: status,
        stackTrace: 'com.vmware.vcloud.api.presentation.service.BadRequestException: ...',
      }),
    );
  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString();
  };
  const newToken = (org: string, who: string) => {
    const token = `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: who, org, iat: now(), n: randomUUID() })).toString('base64url')}.sig`;
    sessions.set(token, org);
    return token;
  };
  const byId = (org: string, id: string) => orgs.get(org)!.find((v) => v.id === id);
  const forbidden = (res: ServerResponse, what: string) =>
    error(
      res,
      403,
      'ACCESS_TO_RESOURCE_IS_FORBIDDEN',
      `Either you need some or all of the following rights [Base] to perform operations [${what}] or the target entity is invalid.`,
    );

  async function handle(req: IncomingMessage, res: ServerResponse) {
    advance();
    const url = new URL(req.url ?? '/', base);
    const path = url.pathname;
    requests.push(`${req.method ?? 'GET'} ${path}`);
    const failure = failures.shift();
    if (failure) return send(res, failure.status, failure.body ?? '');
    if (path === '/api/versions') {
      const list = versions
        .map((v) => `<VersionInfo deprecated="false"><Version>${v}</Version><LoginUrl>${base}/api/sessions</LoginUrl></VersionInfo>`)
        .join('');
      return send(
        res,
        200,
        `<?xml version="1.0" encoding="UTF-8"?><SupportedVersions xmlns="http://www.vmware.com/vcloud/versions">${list}</SupportedVersions>`,
        'application/xml',
      );
    }
    // OAuth token endpoints take a form body and no version.
    let m: RegExpExecArray | null;
    if ((m = /^\/oauth\/(?:tenant\/([^/]+)|(provider))\/token$/.exec(path)) && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      const org = m[2] ? 'System' : decodeURIComponent(m[1]!);
      if (form.get('grant_type') !== 'refresh_token' || apiTokens.get(form.get('refresh_token') ?? '') !== org) {
        return send(res, 400, JSON.stringify({ error: 'invalid_grant', error_description: 'Invalid refresh token' }), 'application/json');
      }
      logins++;
      return send(
        res,
        200,
        JSON.stringify({ access_token: newToken(org, 'api-token'), token_type: 'Bearer', expires_in: 2592000, refresh_token: null }),
        'application/json',
      );
    }
    const version = /version=([\d.]+)/.exec(String(req.headers.accept ?? ''))?.[1];
    if (!version || !versions.includes(version))
      return send(
        res,
        406,
        JSON.stringify({ minorErrorCode: 'NOT_ACCEPTABLE', message: `API version ${version ?? '(none)'} is not supported.` }),
      );
    versionsAsked.add(version);
    if ((path === '/cloudapi/1.0.0/sessions' || path === '/cloudapi/1.0.0/sessions/provider') && req.method === 'POST') {
      logins++;
      const basic = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
      const [who, password] = [basic.slice(0, basic.lastIndexOf(':')), basic.slice(basic.lastIndexOf(':') + 1)];
      const [name, org = ''] = who.split('@');
      const asProvider = path.endsWith('/provider');
      const ok = asProvider
        ? org === 'System' && name === provider.name && password === provider.password
        : orgs.has(org) && name === user.name && password === user.password;
      if (!ok)
        return send(res, 401, JSON.stringify({ minorErrorCode: 'UNAUTHORIZED', message: 'Invalid credentials' }), 'application/json');
      const token = newToken(org, name!);
      return send(
        res,
        200,
        JSON.stringify({ id: `urn:vcloud:session:${randomUUID()}`, user: { name }, org: { name: org }, sessionIdleTimeoutMinutes: 30 }),
        'application/json',
        {
          'x-vmware-vcloud-access-token': token,
          'x-vmware-vcloud-token-type': 'Bearer',
        },
      );
    }
    const sessionOrg = sessions.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
    // An expired or unknown session: 401 with an empty body, as Cloud Director does.
    if (!sessionOrg) return send(res, 401, '', 'text/plain');
    if (garbage > 0) {
      garbage--;
      return send(res, 200, '<html>Bad gateway</html>', 'text/html');
    }
    // A provider session acts in the org its tenant context names, or across all orgs.
    let visible: string[] = [sessionOrg];
    if (sessionOrg === 'System') {
      const context = String(req.headers['x-vmware-vcloud-tenant-context'] ?? '').replace(/^urn:vcloud:org:/, '');
      tenantContexts.push(context);
      const named = [...orgIds].find(([, id]) => id === context)?.[0];
      if (context && !named) return forbidden(res, 'TENANT_CONTEXT');
      visible = named ? [named] : orgNames;
    }
    const allVms = visible.flatMap((o) => orgs.get(o)!.map((vm) => ({ org: o, vm })));
    const findVm = (id: string) => allVms.find((x) => x.vm.id === id);

    if (path === '/cloudapi/1.0.0/orgs' && req.method === 'GET') {
      const name = /name==([^;,]+)/.exec(url.searchParams.get('filter') ?? '')?.[1];
      const values = (sessionOrg === 'System' ? orgNames : [sessionOrg])
        .filter((o) => !name || o === name)
        .map((o) => ({ id: `urn:vcloud:org:${orgIds.get(o)}`, name: o, displayName: o, isEnabled: true }));
      return send(
        res,
        200,
        JSON.stringify({ resultTotal: values.length, pageCount: 1, page: 1, pageSize: 25, values }),
        'application/json',
      );
    }
    if ((m = /^\/api\/task\/([0-9a-f-]+)$/.exec(path)) && req.method === 'GET') {
      const task = tasks.get(m[1]!);
      if (!task || !visible.includes(task.org)) return forbidden(res, 'TASK_VIEW');
      return send(res, 200, JSON.stringify(taskJson(task)), 'application/vnd.vmware.vcloud.task+json');
    }
    if (path === '/api/query' && url.searchParams.get('type') === 'orgVdc') {
      const all = visible.flatMap((o) =>
        vdcs.get(o)!.map((v) => ({ href: `${base}/api/vdc/${v.id}`, name: v.name, orgName: o, isEnabled: true })),
      );
      const pageSize = Math.min(Number(url.searchParams.get('pageSize') ?? 25), 128);
      const page = Number(url.searchParams.get('page') ?? 1);
      const slice = all.slice((page - 1) * pageSize, page * pageSize);
      const link =
        page * pageSize < all.length
          ? [{ rel: 'nextPage', href: `${base}/api/query?type=orgVdc&format=records&page=${page + 1}&pageSize=${pageSize}` }]
          : [];
      return send(
        res,
        200,
        JSON.stringify({ _type: 'QueryResultRecordsType', page, pageSize, total: all.length, link, record: slice }),
        'application/vnd.vmware.vcloud.query.records+json',
      );
    }
    const vdcOf = (id: string) => visible.flatMap((o) => vdcs.get(o)!.map((v) => ({ ...v, org: o }))).find((v) => v.id === id);
    if ((m = /^\/cloudapi\/2\.0\.0\/vdcs\/([^/]+)\/computePolicies$/.exec(path)) && req.method === 'GET') {
      if (!vdcOf(decodeURIComponent(m[1]!).replace(/^urn:vcloud:vdc:/, ''))) return forbidden(res, 'VDC_VIEW');
      return send(
        res,
        200,
        JSON.stringify({ resultTotal: POLICIES.length, pageCount: 1, page: 1, pageSize: 128, values: POLICIES }),
        'application/json',
      );
    }
    if (path === '/api/query' && url.searchParams.get('type') === 'vAppTemplate') {
      const live = (url.searchParams.get('filter') ?? '').includes('isExpired==false');
      const list = TEMPLATES.filter((t) => !live || !t.isExpired).map((t) => ({
        href: `${base}/api/vAppTemplate/vappTemplate-${t.id}`,
        name: t.name,
        catalogName: 'Public images',
        status: 'RESOLVED',
        isExpired: t.isExpired,
      }));
      return send(
        res,
        200,
        JSON.stringify({ _type: 'QueryResultRecordsType', page: 1, pageSize: 128, total: list.length, record: list }),
        'application/vnd.vmware.vcloud.query.records+json',
      );
    }
    if ((m = /^\/api\/vAppTemplate\/vappTemplate-([0-9a-f-]+)$/.exec(path)) && req.method === 'GET') {
      const t = TEMPLATES.find((x) => x.id === m![1]);
      if (!t) return forbidden(res, 'VAPP_TEMPLATE_VIEW');
      return send(
        res,
        200,
        JSON.stringify({
          name: t.name,
          href: `${base}/api/vAppTemplate/vappTemplate-${t.id}`,
          children: { vm: [{ href: `${base}/api/vAppTemplate/vm-${t.vmId}`, name: t.name }] },
        }),
        'application/vnd.vmware.vcloud.vAppTemplate+json',
      );
    }
    if ((m = /^\/api\/vdc\/([0-9a-f-]+)\/action\/instantiateVAppTemplate$/.exec(path)) && req.method === 'POST') {
      const vdc = vdcOf(m[1]!);
      if (!vdc) return forbidden(res, 'VDC_INSTANTIATE_VAPP');
      if (!String(req.headers['content-type']).startsWith('application/vnd.vmware.vcloud.instantiateVAppTemplateParams+xml'))
        return error(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported media type.');
      const xml = await readBody(req);
      const unescape = (v: string) =>
        v
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&apos;/g, "'")
          .replace(/&amp;/g, '&');
      const name = unescape(/<InstantiateVAppTemplateParams[^>]*\sname="([^"]*)"/.exec(xml)?.[1] ?? '');
      const template = TEMPLATES.find((t) => xml.includes(`vappTemplate-${t.id}"`) && xml.includes(`/api/vAppTemplate/vm-${t.vmId}"`));
      const policy = POLICIES.find((p) => xml.includes(`id="${p.id}"`));
      const powerOn = /\spowerOn="true"/.test(xml);
      if (!name || name.length > 128) return error(res, 400, 'BAD_REQUEST', 'The name of a vApp must be between 1 and 128 characters.');
      if (!template) return error(res, 400, 'BAD_REQUEST', 'The specified vApp template or its VM is invalid.');
      if (!policy || !policy.cpuCount) return error(res, 400, 'BAD_REQUEST', 'The VM sizing policy is not valid for this VDC.');
      if ([...vapps.values()].some((v) => v.org === vdc.org && v.name === name) || orgs.get(vdc.org)!.some((v) => v.name === name)) {
        return error(res, 400, 'DUPLICATE_NAME', `The VMware Cloud Director entity ${name} already exists.`);
      }
      const vappId = randomUUID();
      const vmId = randomUUID();
      const vappHref = `${base}/api/vApp/vapp-${vappId}`;
      const task = startTask(vdc.org, 'vdcInstantiateVapp', `Creating Virtual Application ${name}(${vappId})`, vappHref, () => {
        addVm(vdc.org, {
          id: vmId,
          name,
          cpus: policy.cpuCount!,
          memoryMB: policy.memory!,
          status: powerOn ? 'POWERED_ON' : 'POWERED_OFF',
          deployed: powerOn,
          vdc: vdc.name,
          created: new Date(now()).toISOString(),
        });
        vapps.get(vappId)!.ready = true;
      });
      vapps.set(vappId, { id: vappId, org: vdc.org, name, vmId, task, ready: false });
      // Sparsely populated: the vApp, its status UNRESOLVED and its Task; no children yet.
      return send(
        res,
        201,
        JSON.stringify({
          _type: 'VAppType',
          name,
          href: vappHref,
          id: `urn:vcloud:vapp:${vappId}`,
          status: 0,
          deployed: false,
          tasks: { task: [taskJson(task)] },
        }),
        'application/vnd.vmware.vcloud.vApp+json',
      );
    }
    if ((m = /^\/api\/vApp\/vapp-([0-9a-f-]+)$/.exec(path)) && req.method === 'GET') {
      const vapp = vapps.get(m[1]!);
      if (!vapp || !visible.includes(vapp.org)) return forbidden(res, 'VAPP_VIEW');
      const vm = vapp.ready ? byId(vapp.org, vapp.vmId) : undefined;
      const running = vapp.task.status === 'running' ? { tasks: { task: [taskJson(vapp.task)] } } : {};
      const status = vm ? (STATUS_CODE[vm.status] ?? 6) : vapp.task.status === 'error' ? -1 : 0;
      return send(
        res,
        200,
        JSON.stringify({
          _type: 'VAppType',
          name: vapp.name,
          href: `${base}/api/vApp/vapp-${vapp.id}`,
          status,
          ...running,
          ...(vm
            ? { children: { vm: [{ href: `${base}/api/vApp/vm-${vm.id}`, id: `urn:vcloud:vm:${vm.id}`, name: vm.name, status }] } }
            : {}),
        }),
        'application/vnd.vmware.vcloud.vApp+json',
      );
    }
    if (path === '/api/query' && url.searchParams.get('type') === 'vm') {
      const filter = url.searchParams.get('filter') ?? '';
      const idFilter = /id==urn:vcloud:vm:([0-9a-f-]+)/.exec(filter)?.[1];
      const matching = idFilter ? allVms.filter((x) => x.vm.id === idFilter) : allVms;
      const pageSize = Math.min(Number(url.searchParams.get('pageSize') ?? 25), 128);
      const page = Number(url.searchParams.get('page') ?? 1);
      const slice = matching.slice((page - 1) * pageSize, page * pageSize);
      const link =
        page * pageSize < matching.length
          ? [{ rel: 'nextPage', href: `${base}/api/query?type=vm&format=records&page=${page + 1}&pageSize=${pageSize}` }]
          : [];
      return send(
        res,
        200,
        JSON.stringify({
          _type: 'QueryResultRecordsType',
          page,
          pageSize,
          total: matching.length,
          link,
          record: slice.map((x) => record(x.org, x.vm)),
        }),
        'application/vnd.vmware.vcloud.query.records+json',
      );
    }
    if ((m = /^\/api\/vApp\/vm-([0-9a-f-]+)\/(power\/action\/(\w+)|action\/undeploy)$/.exec(path)) && req.method === 'POST') {
      const found = findVm(m[1]!);
      if (!found) return forbidden(res, `VAPP_VM_POWER_OFF] for vm-${m[1]}`);
      const vm = found.vm;
      let action = m[3] ?? 'undeploy';
      if (action === 'undeploy') {
        const body = await readBody(req);
        const power = /<UndeployPowerAction>(\w+)<\/UndeployPowerAction>/.exec(body)?.[1] ?? 'default';
        if (!['powerOff', 'suspend', 'shutdown', 'force', 'default'].includes(power))
          return error(res, 400, 'BAD_REQUEST', `Invalid UndeployPowerAction ${power}.`);
        action = `undeploy:${power}`;
      }
      if (vm.busy) return error(res, 400, 'BUSY_ENTITY', `The requested operation could not be executed since VM "${vm.name}" is busy.`);
      const on = vm.status === 'POWERED_ON';
      const refuse = (why: string) =>
        error(res, 400, 'BAD_REQUEST', `The requested operation could not be executed since VM "${vm.name}" is ${why}.`);
      if (['powerOff', 'shutdown', 'reboot', 'reset', 'suspend'].includes(action) && !on) return refuse('not powered on');
      if (action === 'powerOn' && on) return refuse('already powered on');
      if (action.startsWith('undeploy') && !vm.deployed) return refuse('not deployed');
      if (!['powerOn', 'powerOff', 'shutdown', 'reboot', 'reset', 'suspend'].includes(action) && !action.startsWith('undeploy'))
        return error(res, 404, 'RESOURCE_NOT_FOUND', 'The requested resource was not found.');
      const needsTools = action === 'shutdown' || action === 'reboot' || (action === 'undeploy:shutdown' && on);
      vm.busy = true;
      const task = startTask(
        found.org,
        action.startsWith('undeploy') ? 'vappUndeployPowerOff' : `vapp${action[0]!.toUpperCase()}${action.slice(1)}`,
        `${action} Virtual Machine ${vm.name}(${vm.id})`,
        `${base}/api/vApp/vm-${vm.id}`,
        () => {
          vm.busy = false;
          if (needsTools && !vm.tools) return NO_TOOLS;
          if (action === 'powerOn' || action === 'reboot' || action === 'reset')
            Object.assign(vm, { status: 'POWERED_ON', deployed: true });
          if (action === 'powerOff' || action === 'shutdown') vm.status = 'PARTIALLY_POWERED_OFF';
          if (action === 'suspend') vm.status = 'SUSPENDED';
          if (action.startsWith('undeploy'))
            Object.assign(vm, { status: action === 'undeploy:suspend' ? 'SUSPENDED' : 'POWERED_OFF', deployed: false });
        },
      );
      task.vm = vm;
      return send(res, 202, JSON.stringify(taskJson(task)), 'application/vnd.vmware.vcloud.task+json');
    }
    if ((m = /^\/api\/vApp\/vm-([0-9a-f-]+)\/virtualHardwareSection\/(cpu|memory)$/.exec(path))) {
      const found = findVm(m[1]!);
      if (!found) return forbidden(res, 'VAPP_VM_EDIT_PROPERTIES');
      const vm = found.vm;
      const kind = m[2]!;
      if (req.method === 'GET') {
        const quantity = kind === 'cpu' ? vm.cpus : vm.memoryMB;
        const units = kind === 'cpu' ? 'hertz * 10^6' : 'byte * 2^20';
        return send(
          res,
          200,
          `<?xml version="1.0"?><Item xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData"><rasd:AllocationUnits>${units}</rasd:AllocationUnits><rasd:ResourceType>${kind === 'cpu' ? 3 : 4}</rasd:ResourceType><rasd:VirtualQuantity>${quantity}</rasd:VirtualQuantity></Item>`,
          'application/vnd.vmware.vcloud.rasdItem+xml',
        );
      }
      if (req.method !== 'PUT') return error(res, 405, 'METHOD_NOT_ALLOWED', 'Method not allowed.');
      if (!String(req.headers['content-type']).startsWith('application/vnd.vmware.vcloud.rasdItem+xml'))
        return error(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported media type.');
      const body = await readBody(req);
      const quantity = Number(/<rasd:VirtualQuantity>(\d+)<\/rasd:VirtualQuantity>/.exec(body)?.[1]);
      if (!Number.isInteger(quantity) || quantity < 1) return error(res, 400, 'BAD_REQUEST', 'The virtual quantity is not valid.');
      if (kind === 'memory' && quantity % 4 !== 0) return error(res, 400, 'BAD_REQUEST', 'Memory size must be a multiple of 4 MB.');
      if (vm.busy) return error(res, 400, 'BUSY_ENTITY', `The requested operation could not be executed since VM "${vm.name}" is busy.`);
      vm.busy = true;
      const task = startTask(
        found.org,
        'vappUpdateVm',
        `Updating Virtual Machine ${vm.name}(${vm.id})`,
        `${base}/api/vApp/vm-${vm.id}`,
        () => {
          vm.busy = false;
          if (kind === 'cpu') vm.cpus = quantity;
          else vm.memoryMB = quantity;
        },
      );
      task.vm = vm;
      return send(res, 202, JSON.stringify(taskJson(task)), 'application/vnd.vmware.vcloud.task+json');
    }
    if ((m = /^\/api\/vApp\/vm-([0-9a-f-]+)\/metrics\/(current|historic)$/.exec(path))) {
      const vm = findVm(m[1]!)?.vm;
      if (!vm) return forbidden(res, 'VAPP_VM_METRICS');
      const ns = 'xmlns="http://www.vmware.com/vcloud/v1.5"';
      if (m[2] === 'current') {
        if (vm.status !== 'POWERED_ON')
          return send(res, 200, `<?xml version="1.0"?><CurrentUsage ${ns}/>`, 'application/vnd.vmware.vcloud.metrics.currentusagespec+xml');
        const t = now() / 1000;
        const cpu = usage(vm, t);
        return send(
          res,
          200,
          `<?xml version="1.0"?><CurrentUsage ${ns}><Metric name="cpu.usage.average" unit="PERCENT" value="${cpu.toFixed(2)}"/><Metric name="mem.usage.average" unit="PERCENT" value="${(30 + cpu * 0.5).toFixed(2)}"/><Metric name="disk.used.latest" unit="KILOBYTE" value="${Math.round(vm.storageMb * 1024 * 0.42)}"/><Metric name="cpu.usagemhz.average" unit="MEGAHERTZ" value="${Math.round(cpu * 24)}"/></CurrentUsage>`,
          'application/vnd.vmware.vcloud.metrics.currentusagespec+xml',
        );
      }
      // Historic metrics live in the optional metrics database; without it there are none to give.
      if (!metricsDatabase) return error(res, 400, 'BAD_REQUEST', 'Historic metrics are not available: no metrics database is configured.');
      let from = now() - 86400_000;
      let to = now();
      if (req.method === 'POST') {
        const spec = await readBody(req);
        from = Date.parse(/AbsoluteStartTime time="([^"]+)"/.exec(spec)?.[1] ?? '') || from;
        to = Date.parse(/AbsoluteEndTime time="([^"]+)"/.exec(spec)?.[1] ?? '') || to;
        if (to - from > 14 * 86400_000) return error(res, 400, 'BAD_REQUEST', 'The historic usage range cannot exceed 14 days.');
      }
      if (vm.status !== 'POWERED_ON')
        return send(res, 200, `<?xml version="1.0"?><HistoricUsage ${ns}/>`, 'application/vnd.vmware.vcloud.metrics.historicusagespec+xml');
      const interval = to - from > 86400_000 ? 1800 : 300;
      const samples = (f: (t: number) => number) => {
        let s = '';
        for (let t = Math.ceil(from / 1000 / interval) * interval; t * 1000 <= to; t += interval)
          s += `<Sample timestamp="${new Date(t * 1000).toISOString()}" value="${f(t).toFixed(2)}"/>`;
        return s;
      };
      return send(
        res,
        200,
        `<?xml version="1.0"?><HistoricUsage ${ns}><MetricSeries name="cpu.usage.average" unit="PERCENT" expectedInterval="${interval}">${samples((t) => usage(vm, t))}</MetricSeries><MetricSeries name="mem.usage.average" unit="PERCENT" expectedInterval="${interval}">${samples((t) => 30 + usage(vm, t) * 0.5)}</MetricSeries></HistoricUsage>`,
        'application/vnd.vmware.vcloud.metrics.historicusagespec+xml',
      );
    }
    return error(res, 404, 'RESOURCE_NOT_FOUND', 'The requested resource was not found.');
  }

  const server = createServer((req, res) => void handle(req, res).catch(() => send(res, 500, '')));
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  if (options.seed === 'demo') {
    addVm('globex', { id: stableId('demo:app-01'), name: 'app-01', cpus: 4, memoryMB: 8192, load: 0.85 });
    addVm('globex', { id: stableId('demo:app-02'), name: 'app-02', cpus: 4, memoryMB: 8192, load: 0.5 });
    addVm('globex', { id: stableId('demo:db-01'), name: 'db-01', cpus: 8, memoryMB: 32768, storageMb: 512000, load: 0.4 });
    addVm('globex', { id: stableId('demo:staging-01'), name: 'staging-01', status: 'POWERED_OFF', load: 0.2 });
  }
  return {
    url: base,
    org: 'globex',
    username: user.name,
    password: user.password,
    /** The System org's administrator, for provider login. */
    provider,
    /** API (refresh) tokens: one for a globex user, one for the provider. */
    apiTokens: { tenant: 'fake-tenant-api-token', provider: 'fake-provider-api-token' },
    orgs,
    orgIds,
    vdcs,
    addVm,
    /** Tasks still running. */
    runningTasks: () => (
      advance(),
      [...tasks.values()].filter((t) => t.status === 'running').map((t) => ({ operationName: t.operationName, owner: t.owner }))
    ),
    /** API versions callers asked for in `Accept`. */
    versionsAsked,
    /** `X-VMWARE-VCLOUD-TENANT-CONTEXT` values provider sessions sent ('' when none). */
    tenantContexts,
    get logins() {
      return logins;
    },
    /** Every request so far as `METHOD /path`; `requests.length = 0` starts a new count. */
    requests,
    set metricsDatabase(on: boolean) {
      metricsDatabase = on;
    },
    /** Idle timeout: every session answers 401 with an empty body from now on. */
    expireSessions() {
      sessions.clear();
    },
    failNext(n: number, failure: { status: number; body?: string }) {
      for (let k = 0; k < n; k++) failures.push(failure);
    },
    /** The next task with this operation name (`vdcInstantiateVapp`, …) ends in error. */
    failNextTask(operationName: string) {
      failTasks.push(operationName);
    },
    garbageNext(n: number) {
      garbage += n;
    },
    reset() {
      failures.length = 0;
      failTasks.length = 0;
      garbage = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type VcloudFake = Awaited<ReturnType<typeof startVcloudFake>>;
