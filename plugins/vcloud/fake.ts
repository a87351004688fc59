/**
 * A loopback Cloud Director for tests and the demo: /api/versions, CloudAPI sessions with
 * Basic user@org and the access-token header, VM query records paged by page/pageSize,
 * power actions answered with Tasks and a busy VM until they finish, BAD_REQUEST and
 * BUSY_ENTITY like the real one, metrics in XML, and idle sessions that expire into an
 * empty 401.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomUUID } from 'node:crypto';

/** The demo's servers keep their ids across restarts, so data recorded about them stays theirs. */
const stableId = (seed: string) => {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

export interface FakeVm {
  id: string;
  name: string;
  status: 'POWERED_ON' | 'POWERED_OFF' | 'SUSPENDED';
  cpus: number;
  memoryMB: number;
  storageMb: number;
  ip: string;
  busy: boolean;
  created: string;
  /** 0–1: how busy the VM is at its daily peak. */
  load: number;
}

export interface VcloudFakeOptions {
  port?: number;
  transitionMs?: number;
  seed?: 'demo';
}

/** The org VDC's VM sizing policies, and a placement policy without a size (not a flavor). */
const POLICIES: { id: string; name: string; cpuCount: number | null; memory: number | null; isSizingOnly: boolean }[] = [
  { id: `urn:vcloud:vdcComputePolicy:${stableId('policy:s')}`, name: 'Small (2 vCPU, 4 GB)', cpuCount: 2, memory: 4096, isSizingOnly: true },
  { id: `urn:vcloud:vdcComputePolicy:${stableId('policy:m')}`, name: 'Medium (4 vCPU, 8 GB)', cpuCount: 4, memory: 8192, isSizingOnly: true },
  { id: `urn:vcloud:vdcComputePolicy:${stableId('policy:l')}`, name: 'Large (8 vCPU, 16 GB)', cpuCount: 8, memory: 16384, isSizingOnly: true },
  { id: `urn:vcloud:vdcComputePolicy:${stableId('policy:p')}`, name: 'Host group AMS1-A', cpuCount: null, memory: null, isSizingOnly: false },
];
/** vApp templates in the public catalog; one has expired. */
const TEMPLATES = [
  { id: stableId('tpl:ubuntu'), vmId: stableId('tplvm:ubuntu'), name: 'Ubuntu 24.04 LTS', isExpired: false },
  { id: stableId('tpl:debian'), vmId: stableId('tplvm:debian'), name: 'Debian 12', isExpired: false },
  { id: stableId('tpl:centos'), vmId: stableId('tplvm:centos'), name: 'CentOS 7 (retired)', isExpired: true },
];

export async function startVcloudFake(options: VcloudFakeOptions = {}) {
  const user = { name: 'glasspane', password: 'fake-vcd-password' };
  const orgs = new Map<string, FakeVm[]>([
    ['globex', []],
    ['initech', []],
  ]);
  const sessions = new Map<string, string>();
  const failures: { status: number; body?: string }[] = [];
  let garbage = 0;
  let logins = 0;
  const transitionMs = options.transitionMs ?? 1500;
  let base = '';

  function addVm(org: string, partial: Partial<FakeVm> & { name: string }): FakeVm {
    const list = orgs.get(org)!;
    const vm: FakeVm = { id: randomUUID(), status: 'POWERED_ON', cpus: 2, memoryMB: 4096, storageMb: 51200, ip: `192.168.10.${10 + list.length}`, busy: false, created: new Date(Date.now() - 200 * 86400_000).toISOString(), load: 0.5, ...partial };
    list.push(vm);
    return vm;
  }

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
    containerName: `${org}-vapp`,
    vdcName: `${org}-vdc-ams1`,
    isVAppTemplate: false,
    isDeployed: vm.status === 'POWERED_ON',
    isBusy: vm.busy,
    dateCreated: vm.created,
  });

  const usage = (vm: FakeVm, t: number) => {
    const day = Math.sin(((t / 3600 - 9) / 24) * 2 * Math.PI);
    return Math.max(1, Math.min(100, 100 * vm.load * (0.55 + 0.55 * day) + 3 * Math.sin(t / 61)));
  };

  function send(res: ServerResponse, status: number, body = '', type = 'application/vnd.vmware.vcloud.error+json', headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': type, ...headers });
    res.end(body);
  }
  const error = (res: ServerResponse, status: number, minor: string, message: string) =>
    send(res, status, JSON.stringify({ minorErrorCode: minor, message, majorErrorCode: status, stackTrace: 'com.vmware.vcloud.api.presentation.service.BadRequestException: ...' }));

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', base);
    const path = url.pathname;
    const failure = failures.shift();
    if (failure) return send(res, failure.status, failure.body ?? '');
    if (path === '/api/versions') {
      const versions = ['35.0', '36.0', '37.0', '38.0'].map((v) => `<VersionInfo deprecated="false"><Version>${v}</Version><LoginUrl>${base}/api/sessions</LoginUrl></VersionInfo>`).join('');
      return send(res, 200, `<?xml version="1.0" encoding="UTF-8"?><SupportedVersions xmlns="http://www.vmware.com/vcloud/versions">${versions}</SupportedVersions>`, 'application/xml');
    }
    if (path === '/cloudapi/1.0.0/sessions' && req.method === 'POST') {
      logins++;
      const basic = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
      const [who, password] = [basic.slice(0, basic.lastIndexOf(':')), basic.slice(basic.lastIndexOf(':') + 1)];
      const [name, org] = who.split('@');
      if (name !== user.name || password !== user.password || !orgs.has(org ?? '')) return send(res, 401, JSON.stringify({ minorErrorCode: 'UNAUTHORIZED', message: 'Invalid credentials' }));
      const token = `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: name, org, iat: Date.now() })).toString('base64url')}.sig`;
      sessions.set(token, org!);
      return send(res, 200, JSON.stringify({ id: `urn:vcloud:session:${randomUUID()}`, user: { name }, org: { name: org }, sessionIdleTimeoutMinutes: 30 }), 'application/json', { 'x-vmware-vcloud-access-token': token, 'x-vmware-vcloud-token-type': 'Bearer' });
    }
    const org = sessions.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
    // An expired or unknown session: 401 with an empty body, as Cloud Director does.
    if (!org) return send(res, 401, '', 'text/plain');
    if (garbage > 0) {
      garbage--;
      return send(res, 200, '<html>Bad gateway</html>', 'text/html');
    }
    const vms = orgs.get(org)!;
    let m: RegExpExecArray | null;
    const vdc = stableId(`vdc:${org}`);
    if (path === '/api/query' && url.searchParams.get('type') === 'orgVdc') {
      return send(res, 200, JSON.stringify({ _type: 'QueryResultRecordsType', page: 1, pageSize: 25, total: 1, record: [{ href: `${base}/api/vdc/${vdc}`, name: `${org}-vdc-ams1`, isEnabled: true }] }), 'application/vnd.vmware.vcloud.query.records+json');
    }
    if ((m = /^\/cloudapi\/2\.0\.0\/vdcs\/([^/]+)\/computePolicies$/.exec(path)) && req.method === 'GET') {
      if (decodeURIComponent(m[1]!) !== `urn:vcloud:vdc:${vdc}`) return error(res, 403, 'ACCESS_TO_RESOURCE_IS_FORBIDDEN', 'The target entity is invalid.');
      return send(res, 200, JSON.stringify({ resultTotal: POLICIES.length, pageCount: 1, page: 1, pageSize: 128, values: POLICIES }), 'application/json');
    }
    if (path === '/api/query' && url.searchParams.get('type') === 'vAppTemplate') {
      const live = (url.searchParams.get('filter') ?? '').includes('isExpired==false');
      const list = TEMPLATES.filter((t) => !live || !t.isExpired).map((t) => ({ href: `${base}/api/vAppTemplate/vappTemplate-${t.id}`, name: t.name, catalogName: 'Public images', status: 'RESOLVED', isExpired: t.isExpired }));
      return send(res, 200, JSON.stringify({ _type: 'QueryResultRecordsType', page: 1, pageSize: 128, total: list.length, record: list }), 'application/vnd.vmware.vcloud.query.records+json');
    }
    if ((m = /^\/api\/vAppTemplate\/vappTemplate-([0-9a-f-]+)$/.exec(path)) && req.method === 'GET') {
      const t = TEMPLATES.find((x) => x.id === m![1]);
      if (!t) return error(res, 403, 'ACCESS_TO_RESOURCE_IS_FORBIDDEN', 'The target entity is invalid.');
      return send(res, 200, JSON.stringify({ name: t.name, href: `${base}/api/vAppTemplate/vappTemplate-${t.id}`, children: { vm: [{ href: `${base}/api/vAppTemplate/vm-${t.vmId}`, name: t.name }] } }), 'application/vnd.vmware.vcloud.vAppTemplate+json');
    }
    if ((m = /^\/api\/vdc\/([0-9a-f-]+)\/action\/instantiateVAppTemplate$/.exec(path)) && req.method === 'POST') {
      if (m[1] !== vdc) return error(res, 403, 'ACCESS_TO_RESOURCE_IS_FORBIDDEN', 'The target entity is invalid.');
      if (!String(req.headers['content-type']).startsWith('application/vnd.vmware.vcloud.instantiateVAppTemplateParams+xml')) return error(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported media type.');
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const xml = Buffer.concat(chunks).toString();
      const unescape = (v: string) => v.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
      const name = unescape(/<InstantiateVAppTemplateParams[^>]*\sname="([^"]*)"/.exec(xml)?.[1] ?? '');
      const template = TEMPLATES.find((t) => xml.includes(`vappTemplate-${t.id}"`) && xml.includes(`/api/vAppTemplate/vm-${t.vmId}"`));
      const policy = POLICIES.find((p) => xml.includes(`id="${p.id}"`));
      if (!name || name.length > 128) return error(res, 400, 'BAD_REQUEST', 'The name of a vApp must be between 1 and 128 characters.');
      if (!template) return error(res, 400, 'BAD_REQUEST', 'The specified vApp template or its VM is invalid.');
      if (!policy || !policy.cpuCount) return error(res, 400, 'BAD_REQUEST', 'The VM sizing policy is not valid for this VDC.');
      if (vms.some((v) => v.name === name)) return error(res, 400, 'DUPLICATE_NAME', `The VMware Cloud Director entity ${name} already exists.`);
      const vm = addVm(org, { name, cpus: policy.cpuCount, memoryMB: policy.memory!, status: 'POWERED_OFF', busy: true, created: new Date().toISOString() });
      setTimeout(() => {
        vm.busy = false;
        vm.status = 'POWERED_ON';
      }, transitionMs).unref();
      const vappId = randomUUID();
      return send(
        res,
        201,
        JSON.stringify({
          name,
          href: `${base}/api/vApp/vapp-${vappId}`,
          status: 0,
          tasks: { task: [{ href: `${base}/api/task/${randomUUID()}`, status: 'running', operationName: 'vdcInstantiateVapp', operation: `Creating Virtual Application ${name}` }] },
          children: { vm: [{ href: `${base}/api/vApp/vm-${vm.id}`, name }] },
        }),
        'application/vnd.vmware.vcloud.vApp+json',
      );
    }
    if (path === '/api/query' && url.searchParams.get('type') === 'vm') {
      const filter = url.searchParams.get('filter') ?? '';
      const idFilter = /id==urn:vcloud:vm:([0-9a-f-]+)/.exec(filter)?.[1];
      const matching = idFilter ? vms.filter((v) => v.id === idFilter) : vms;
      const pageSize = Math.min(Number(url.searchParams.get('pageSize') ?? 25), 128);
      const page = Number(url.searchParams.get('page') ?? 1);
      const slice = matching.slice((page - 1) * pageSize, page * pageSize);
      const link = page * pageSize < matching.length ? [{ rel: 'nextPage', href: `${base}/api/query?type=vm&format=records&page=${page + 1}&pageSize=${pageSize}` }] : [];
      return send(res, 200, JSON.stringify({ _type: 'QueryResultRecordsType', page, pageSize, total: matching.length, link, record: slice.map((v) => record(org, v)) }), 'application/vnd.vmware.vcloud.query.records+json');
    }
    if ((m = /^\/api\/vApp\/vm-([0-9a-f-]+)\/power\/action\/(\w+)$/.exec(path)) && req.method === 'POST') {
      const vm = vms.find((v) => v.id === m![1]);
      if (!vm) return error(res, 403, 'ACCESS_TO_RESOURCE_IS_FORBIDDEN', `Either you need some or all of the following rights [Base] to perform operations [VAPP_VM_POWER_OFF] for vm-${m[1]} or the target entity is invalid.`);
      if (vm.busy) return error(res, 400, 'BUSY_ENTITY', `The requested operation could not be executed since VM "${vm.name}" is busy.`);
      const action = m[2]!;
      if (action === 'powerOff' && vm.status !== 'POWERED_ON') return error(res, 400, 'BAD_REQUEST', `The requested operation could not be executed since VM "${vm.name}" is not powered on.`);
      if (action === 'powerOn' && vm.status === 'POWERED_ON') return error(res, 400, 'BAD_REQUEST', `The requested operation could not be executed since VM "${vm.name}" is already powered on.`);
      if (action === 'reboot' && vm.status !== 'POWERED_ON') return error(res, 400, 'BAD_REQUEST', `The requested operation could not be executed since VM "${vm.name}" is not powered on.`);
      vm.busy = true;
      setTimeout(() => {
        vm.busy = false;
        if (action === 'powerOff') vm.status = 'POWERED_OFF';
        if (action === 'powerOn' || action === 'reboot') vm.status = 'POWERED_ON';
      }, transitionMs).unref();
      const task = { href: `${base}/api/task/${randomUUID()}`, status: 'running', operationName: `vapp${action[0]!.toUpperCase()}${action.slice(1)}`, operation: `${action} Virtual Machine ${vm.name}`, startTime: new Date().toISOString() };
      return send(res, 202, JSON.stringify(task), 'application/vnd.vmware.vcloud.task+json');
    }
    if ((m = /^\/api\/vApp\/vm-([0-9a-f-]+)\/metrics\/(current|historic)$/.exec(path))) {
      const vm = vms.find((v) => v.id === m![1]);
      if (!vm) return error(res, 403, 'ACCESS_TO_RESOURCE_IS_FORBIDDEN', 'The target entity is invalid.');
      const ns = 'xmlns="http://www.vmware.com/vcloud/v1.5"';
      if (m[2] === 'current') {
        if (vm.status !== 'POWERED_ON') return send(res, 200, `<?xml version="1.0"?><CurrentUsage ${ns}/>`, 'application/vnd.vmware.vcloud.metrics.currentusagespec+xml');
        const t = Date.now() / 1000;
        const cpu = usage(vm, t);
        return send(
          res,
          200,
          `<?xml version="1.0"?><CurrentUsage ${ns}><Metric name="cpu.usage.average" unit="PERCENT" value="${cpu.toFixed(2)}"/><Metric name="mem.usage.average" unit="PERCENT" value="${(30 + cpu * 0.5).toFixed(2)}"/><Metric name="disk.used.latest" unit="KILOBYTE" value="${Math.round(vm.storageMb * 1024 * 0.42)}"/><Metric name="cpu.usagemhz.average" unit="MEGAHERTZ" value="${Math.round(cpu * 24)}"/></CurrentUsage>`,
          'application/vnd.vmware.vcloud.metrics.currentusagespec+xml',
        );
      }
      let from = Date.now() - 86400_000;
      let to = Date.now();
      if (req.method === 'POST') {
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        const spec = Buffer.concat(chunks).toString();
        from = Date.parse(/AbsoluteStartTime time="([^"]+)"/.exec(spec)?.[1] ?? '') || from;
        to = Date.parse(/AbsoluteEndTime time="([^"]+)"/.exec(spec)?.[1] ?? '') || to;
        if (to - from > 14 * 86400_000) return error(res, 400, 'BAD_REQUEST', 'The historic usage range cannot exceed 14 days.');
      }
      if (vm.status !== 'POWERED_ON') return send(res, 200, `<?xml version="1.0"?><HistoricUsage ${ns}/>`, 'application/vnd.vmware.vcloud.metrics.historicusagespec+xml');
      const interval = to - from > 86400_000 ? 1800 : 300;
      const samples = (f: (t: number) => number) => {
        let s = '';
        for (let t = Math.ceil(from / 1000 / interval) * interval; t * 1000 <= to; t += interval) s += `<Sample timestamp="${new Date(t * 1000).toISOString()}" value="${f(t).toFixed(2)}"/>`;
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
    apiVersion: '37.0',
    orgs,
    addVm,
    get logins() {
      return logins;
    },
    /** Idle timeout: every session answers 401 with an empty body from now on. */
    expireSessions() {
      sessions.clear();
    },
    failNext(n: number, failure: { status: number; body?: string }) {
      for (let k = 0; k < n; k++) failures.push(failure);
    },
    garbageNext(n: number) {
      garbage += n;
    },
    reset() {
      failures.length = 0;
      garbage = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type VcloudFake = Awaited<ReturnType<typeof startVcloudFake>>;
