import {
  ProviderError,
  type ComputeProvider,
  type CreateServerInput,
  type Flavor,
  type PowerAction,
  type Server,
  type ServerStatus,
} from '@glasspane/host';
import { PLUGIN_ID, type VcdTask, type VcloudClient } from './client.js';

/** A `QueryResultVMRecordType` in the legacy API's JSON. */
interface VmRecord {
  href: string;
  name: string;
  status: string | number;
  numberOfCpus?: number;
  memoryMB?: number;
  totalStorageAllocatedMb?: number;
  ipAddress?: string;
  vdcName?: string;
  containerName?: string;
  guestOs?: string;
  isBusy?: boolean;
  dateCreated?: string;
}

/**
 * Cloud Director's statuses, as the query service's words and as the entities' integer
 * `status` (the VAppStatuses table of go-vcloud-director and pyvcloud's VCLOUD_STATUS_MAP).
 */
const STATUS: Record<string, ServerStatus> = {
  FAILED_CREATION: 'error',
  '-1': 'error',
  UNRESOLVED: 'building',
  '0': 'building',
  /** Created, never deployed: off. */
  RESOLVED: 'stopped',
  '1': 'stopped',
  DEPLOYED: 'stopped',
  '2': 'stopped',
  SUSPENDED: 'suspended',
  '3': 'suspended',
  PARTIALLY_SUSPENDED: 'suspended',
  POWERED_ON: 'active',
  '4': 'active',
  /** vSphere asks a question about the VM (a moved VM, a full datastore): nothing runs until answered. */
  WAITING_FOR_INPUT: 'busy',
  '5': 'busy',
  UNKNOWN: 'unknown',
  '6': 'unknown',
  UNRECOGNIZED: 'unknown',
  '7': 'unknown',
  POWERED_OFF: 'stopped',
  '8': 'stopped',
  /** Powered off but still deployed (a hard power-off): holds its host resources. */
  PARTIALLY_POWERED_OFF: 'stopped',
  INCONSISTENT_STATE: 'error',
  '9': 'error',
  /** A vApp whose VMs differ; for a VM, nothing to go on. */
  MIXED: 'unknown',
  '10': 'unknown',
  DESCRIPTOR_PENDING: 'building',
  '11': 'building',
  COPYING_CONTENTS: 'building',
  '12': 'building',
  DISK_CONTENTS_PENDING: 'building',
  '13': 'building',
  QUARANTINED: 'error',
  '14': 'error',
  QUARANTINE_EXPIRED: 'error',
  '15': 'error',
  REJECTED: 'error',
  '16': 'error',
  TRANSFER_TIMEOUT: 'error',
  '17': 'error',
  VAPP_UNDEPLOYED: 'stopped',
  '18': 'stopped',
  VAPP_PARTIALLY_DEPLOYED: 'stopped',
  '19': 'stopped',
};
const FAULT: Partial<Record<string, string>> = {
  FAILED_CREATION: 'The VM failed to be created.',
  INCONSISTENT_STATE: 'Cloud Director and vSphere disagree about this VM; the provider has to repair it.',
  QUARANTINED: 'The VM is quarantined.',
  QUARANTINE_EXPIRED: 'The VM’s quarantine expired.',
  REJECTED: 'The VM was rejected.',
  TRANSFER_TIMEOUT: 'The VM’s upload timed out.',
  WAITING_FOR_INPUT: 'vSphere is waiting for an answer about this VM; the provider has to answer it.',
};
const TASK: Record<PowerAction, string> = { start: 'powering-on', stop: 'shutting-down', reboot: 'rebooting' };

/** The VM's UUID from its href (`…/api/vApp/vm-<uuid>`). */
const vmId = (href: string) => /vm-([0-9a-f-]{36})/i.exec(href)?.[1] ?? href;
/** The template's UUID from its href (`…/api/vAppTemplate/vappTemplate-<uuid>`). */
const templateId = (href: string) => /vappTemplate-([0-9a-f-]{36})/i.exec(href)?.[1] ?? href;
const xmlEscape = (s: string) =>
  s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
const VDC_CACHE_MS = 5 * 60_000;

/**
 * VMs of a Cloud Director org, across all its VDCs. Sizes are the VM sizing policies of the
 * VDC new servers go into (CloudAPI `computePolicies`), images the org's vApp templates;
 * creating a server instantiates a template into that VDC with the chosen sizing policy,
 * powered on, and waits for Cloud Director's Task.
 */
export class VcloudComputeProvider implements ComputeProvider {
  readonly source = PLUGIN_ID;
  /** Actions this process asked for, to name the task while the VM is busy. */
  readonly #pending = new Map<string, PowerAction>();
  /** The last failed action's reason per VM, until the next action. */
  readonly #faults = new Map<string, string>();
  /**
   * `regionNames`: VDC name → the region as customers read it (`{"globex-vdc-ams1":"Amsterdam"}`);
   * a VDC not named there is shown by its own name.
   */
  constructor(
    readonly client: VcloudClient,
    private readonly options: { regionNames?: Readonly<Record<string, string>> } = {},
  ) {}

  async listServers(scope: string, signal?: AbortSignal): Promise<Server[]> {
    const records: VmRecord[] = [];
    for (let page = 1; page <= 100; page++) {
      const doc = await this.client.json<{
        total?: number;
        pageSize?: number;
        record?: VmRecord[];
        link?: { rel: string; href: string }[];
      }>(
        scope,
        'GET',
        `/api/query?type=vm&format=records&page=${page}&pageSize=128&filter=${encodeURIComponent('isVAppTemplate==false')}`,
        signal,
      );
      records.push(...(doc.record ?? []));
      if (!doc.link?.some((l) => l.rel === 'nextPage')) break;
    }
    return records.map((r) => this.#toServer(r));
  }

  async getServer(scope: string, id: string, signal?: AbortSignal): Promise<Server | undefined> {
    const doc = await this.client.json<{ record?: VmRecord[] }>(
      scope,
      'GET',
      `/api/query?type=vm&format=records&filter=${encodeURIComponent(`id==urn:vcloud:vm:${id}`)}`,
      signal,
    );
    const record = doc.record?.[0];
    return record ? this.#toServer(record) : undefined;
  }

  /**
   * VM sizing policies of the VDC new servers go into (`GET /cloudapi/2.0.0/vdcs/{urn}/computePolicies`); those without a size are left
   * out.
   */
  async listFlavors(scope: string, signal?: AbortSignal): Promise<Flavor[]> {
    const vdc = await this.#createVdc(scope, signal);
    const flavors: Flavor[] = [];
    for (let page = 1; page <= 20; page++) {
      const doc = await this.client.json<{
        pageCount?: number;
        values?: { id: string; name: string; cpuCount?: number | null; memory?: number | null }[];
      }>(
        scope,
        'GET',
        `/cloudapi/2.0.0/vdcs/${encodeURIComponent(`urn:vcloud:vdc:${vdc.id}`)}/computePolicies?page=${page}&pageSize=128`,
        signal,
      );
      for (const p of doc.values ?? [])
        if (p.cpuCount && p.memory) flavors.push({ id: p.id, name: p.name, vcpus: p.cpuCount, ramMb: p.memory, diskGb: 0 });
      if (!doc.pageCount || page >= doc.pageCount) break;
    }
    return flavors;
  }

  /** The org's vApp templates that have not expired (`/api/query?type=vAppTemplate`). */
  async listImages(scope: string, signal?: AbortSignal): Promise<{ id: string; name: string }[]> {
    const out: { id: string; name: string }[] = [];
    for (let page = 1; page <= 20; page++) {
      const doc = await this.client.json<{ record?: { href: string; name: string; isExpired?: boolean }[]; link?: { rel: string }[] }>(
        scope,
        'GET',
        `/api/query?type=vAppTemplate&format=records&page=${page}&pageSize=128&filter=${encodeURIComponent('isExpired==false')}`,
        signal,
      );
      for (const r of doc.record ?? []) out.push({ id: templateId(r.href), name: r.name });
      if (!doc.link?.some((l) => l.rel === 'nextPage')) break;
    }
    return out;
  }

  /**
   * `POST /api/vdc/{id}/action/instantiateVAppTemplate`: the template's VM with the sizing
   * policy, deployed and powered on. Cloud Director answers a sparsely populated vApp (its
   * Task, no VMs yet): follow the Task, then read the vApp's VM and return it.
   */
  async createServer(scope: string, input: CreateServerInput, signal?: AbortSignal): Promise<Server> {
    const vdc = await this.#createVdc(scope, signal);
    const base = this.client.baseUrl;
    const template = await this.client.json<{ children?: { vm?: { href: string; name: string }[] } }>(
      scope,
      'GET',
      `/api/vAppTemplate/vappTemplate-${encodeURIComponent(input.imageId)}`,
      signal,
    );
    const templateVm = template?.children?.vm?.[0];
    if (!templateVm)
      throw new ProviderError(PLUGIN_ID, 'This image has no virtual machine to copy; choose another.', { status: 422, code: 'invalid' });
    const name = xmlEscape(input.name);
    const body =
      `<InstantiateVAppTemplateParams xmlns="http://www.vmware.com/vcloud/v1.5" name="${name}" deploy="true" powerOn="true">` +
      `<Description>Created from the customer portal</Description>` +
      `<Source href="${base}/api/vAppTemplate/vappTemplate-${xmlEscape(input.imageId)}"/>` +
      `<SourcedItem><Source href="${xmlEscape(templateVm.href)}"/><VmGeneralParams><Name>${name}</Name></VmGeneralParams>` +
      `<ComputePolicy><VmSizingPolicy href="${base}/cloudapi/2.0.0/vdcComputePolicies/${xmlEscape(input.flavorId)}" id="${xmlEscape(input.flavorId)}"/></ComputePolicy></SourcedItem>` +
      `<AllEULAsAccepted>true</AllEULAsAccepted></InstantiateVAppTemplateParams>`;
    type VApp = { href: string; tasks?: { task?: VcdTask[] }; children?: { vm?: { href: string; name: string }[] } };
    let vapp = await this.client.json<VApp>(scope, 'POST', `/api/vdc/${vdc.id}/action/instantiateVAppTemplate`, signal, {
      body,
      contentType: 'application/vnd.vmware.vcloud.instantiateVAppTemplateParams+xml',
    });
    if (!vapp?.href)
      throw new ProviderError(PLUGIN_ID, 'Cloud Director did not say which vApp it is creating.', { code: 'provider_bad_response' });
    for (const task of vapp.tasks?.task ?? []) await this.client.waitTask(scope, task, signal);
    if (!vapp.children?.vm?.length) vapp = await this.client.json<VApp>(scope, 'GET', new URL(vapp.href).pathname, signal);
    const vm = vapp.children?.vm?.[0];
    if (!vm)
      throw new ProviderError(PLUGIN_ID, 'Cloud Director created the vApp without a virtual machine in it.', {
        code: 'provider_bad_response',
      });
    const server = await this.getServer(scope, vmId(vm.href), signal);
    if (!server)
      throw new ProviderError(PLUGIN_ID, 'Cloud Director created the server but does not list it yet; refresh in a moment.', {
        code: 'provider_bad_response',
      });
    const flavor = (await this.listFlavors(scope, signal)).find((f) => f.id === input.flavorId);
    const image = (await this.listImages(scope, signal)).find((i) => i.id === input.imageId);
    return { ...server, flavor: flavor ?? server.flavor, image: image ?? server.image };
  }

  /** The org's VDCs (`/api/query?type=orgVdc`, every page), for a few minutes. */
  readonly #vdcs = new Map<string, { at: number; list: Promise<{ id: string; name: string }[]> }>();
  async listVdcs(scope: string, signal?: AbortSignal): Promise<{ id: string; name: string }[]> {
    const known = this.#vdcs.get(scope);
    if (known && Date.now() - known.at < VDC_CACHE_MS) return known.list;
    const list = (async () => {
      const out: { id: string; name: string }[] = [];
      for (let page = 1; page <= 20; page++) {
        const doc = await this.client.json<{ record?: { href: string; name: string }[]; link?: { rel: string }[] }>(
          scope,
          'GET',
          `/api/query?type=orgVdc&format=records&page=${page}&pageSize=128`,
          signal,
        );
        for (const r of doc.record ?? []) {
          const id = /\/vdc\/([0-9a-f-]{36})/i.exec(r.href)?.[1];
          if (id) out.push({ id, name: r.name });
        }
        if (!doc.link?.some((l) => l.rel === 'nextPage')) break;
      }
      return out;
    })();
    list.catch(() => this.#vdcs.delete(scope));
    this.#vdcs.set(scope, { at: Date.now(), list });
    return list;
  }

  /** The VDC new servers go into: VCD_VDC by name, or the org's first. */
  async #createVdc(scope: string, signal?: AbortSignal): Promise<{ id: string; name: string }> {
    const vdcs = await this.listVdcs(scope, signal);
    const wanted = this.client.options.vdc;
    const vdc = wanted ? vdcs.find((v) => v.name === wanted) : vdcs[0];
    if (!vdc) {
      throw new ProviderError(
        PLUGIN_ID,
        wanted
          ? `The Cloud Director org "${scope}" has no VDC named "${wanted}" (VCD_VDC).`
          : 'This Cloud Director org has no virtual data centre to create servers in.',
        {
          status: 409,
          code: 'no_vdc',
        },
      );
    }
    return vdc;
  }

  /**
   * Start is `power/action/powerOn`; reboot is `power/action/reboot` (a guest restart through
   * VMware Tools); stop is `action/undeploy` with `UndeployPowerAction` `shutdown`: the guest
   * shuts down through VMware Tools and the VM releases its host resources. Without VMware
   * Tools Cloud Director fails the Task and this refuses with that reason: it never pulls the
   * plug instead. Waits for the Task up to `actionWaitMs`; a Task still running then is
   * followed in the background and a later failure shows as the server's `fault`.
   */
  async powerAction(scope: string, id: string, action: PowerAction, signal?: AbortSignal): Promise<void> {
    const task =
      action === 'stop'
        ? await this.client.json<VcdTask>(scope, 'POST', `/api/vApp/vm-${id}/action/undeploy`, signal, {
            body: '<UndeployVAppParams xmlns="http://www.vmware.com/vcloud/v1.5"><UndeployPowerAction>shutdown</UndeployPowerAction></UndeployVAppParams>',
            contentType: 'application/vnd.vmware.vcloud.undeployVAppParams+xml',
          })
        : await this.client.json<VcdTask>(
            scope,
            'POST',
            `/api/vApp/vm-${id}/power/action/${action === 'start' ? 'powerOn' : 'reboot'}`,
            signal,
          );
    this.#faults.delete(id);
    this.#pending.set(id, action);
    await this.#follow(scope, id, task, signal);
  }

  /**
   * Changes the VM's CPU count and memory: `flavorId` is a sizing policy of `listFlavors`
   * (its CPU count and memory are applied) or `<vcpus>-<MiB>` (`4-8192`, the flavor id
   * `getServer` shows). `PUT …/virtualHardwareSection/cpu` and `/memory`, each Task followed.
   */
  async resize(scope: string, id: string, flavorId: string, signal?: AbortSignal): Promise<Server> {
    const spec = /^(\d+)-(\d+)$/.exec(flavorId);
    const target = spec
      ? { vcpus: Number(spec[1]), ramMb: Number(spec[2]) }
      : (await this.listFlavors(scope, signal)).find((f) => f.id === flavorId);
    if (!target || target.vcpus < 1 || target.ramMb < 4)
      throw new ProviderError(PLUGIN_ID, `There is no size "${flavorId}" in this Cloud Director org.`, { status: 422, code: 'invalid' });
    const before = await this.getServer(scope, id, signal);
    if (!before) throw new ProviderError(PLUGIN_ID, 'Cloud Director has no such item in this org.', { status: 404, code: 'not_found' });
    const item = (kind: 'cpu' | 'memory', quantity: number) =>
      `<Item xmlns="http://www.vmware.com/vcloud/v1.5" xmlns:rasd="http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/CIM_ResourceAllocationSettingData">` +
      `<rasd:AllocationUnits>${kind === 'cpu' ? 'hertz * 10^6' : 'byte * 2^20'}</rasd:AllocationUnits>` +
      `<rasd:ElementName>${kind === 'cpu' ? `${quantity} virtual CPU(s)` : `${quantity} MB of memory`}</rasd:ElementName>` +
      `<rasd:InstanceID>${kind === 'cpu' ? 4 : 5}</rasd:InstanceID><rasd:ResourceType>${kind === 'cpu' ? 3 : 4}</rasd:ResourceType>` +
      `<rasd:VirtualQuantity>${quantity}</rasd:VirtualQuantity></Item>`;
    const changes: ['cpu' | 'memory', number][] = [];
    if (before.flavor?.vcpus !== target.vcpus) changes.push(['cpu', target.vcpus]);
    if (before.flavor?.ramMb !== target.ramMb) changes.push(['memory', target.ramMb]);
    for (const [kind, quantity] of changes) {
      const task = await this.client.json<VcdTask>(scope, 'PUT', `/api/vApp/vm-${id}/virtualHardwareSection/${kind}`, signal, {
        body: item(kind, quantity),
        contentType: 'application/vnd.vmware.vcloud.rasdItem+xml',
      });
      await this.client.waitTask(scope, task, signal);
    }
    const after = await this.getServer(scope, id, signal);
    if (!after) throw new ProviderError(PLUGIN_ID, 'Cloud Director has no such item in this org.', { status: 404, code: 'not_found' });
    return after;
  }

  /** Waits for a power Task up to `actionWaitMs`; keeps following it after that, recording a failure as the VM's fault. */
  async #follow(scope: string, id: string, task: VcdTask, signal?: AbortSignal): Promise<void> {
    const follow = this.client.waitTask(scope, task).then(
      () => undefined,
      (err: unknown) => {
        if (err instanceof ProviderError && err.code !== 'task_timeout') this.#faults.set(id, err.message);
        throw err;
      },
    );
    follow.catch(() => undefined).finally(() => this.#pending.delete(id));
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    const waited = new Promise<void>((resolve, reject) => {
      timer = setTimeout(resolve, this.client.options.actionWaitMs ?? 20_000);
      onAbort = () => reject(signal!.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([follow, waited]);
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  #toServer(r: VmRecord): Server {
    const id = vmId(r.href);
    const word = String(r.status);
    const status = STATUS[word] ?? 'unknown';
    if (!r.isBusy) this.#pending.delete(id);
    const pending = this.#pending.get(id);
    const mb = r.memoryMB ?? 0;
    const storageGb = Math.round((r.totalStorageAllocatedMb ?? 0) / 1024);
    return {
      id,
      name: r.name,
      status,
      providerStatus: word,
      task: r.isBusy ? (pending ? TASK[pending] : 'busy') : null,
      flavor: {
        id: `${r.numberOfCpus ?? 0}-${mb}`,
        name: `${r.numberOfCpus ?? 0} vCPU · ${Math.round(mb / 1024)} GiB`,
        vcpus: r.numberOfCpus ?? 0,
        ramMb: mb,
        diskGb: storageGb,
      },
      image: r.guestOs ? { id: r.guestOs, name: r.guestOs } : null,
      addresses: r.ipAddress
        ? [{ address: r.ipAddress, version: r.ipAddress.includes(':') ? 6 : 4, type: 'fixed', network: r.containerName ?? 'vApp' }]
        : [],
      region: r.vdcName ? (this.options.regionNames?.[r.vdcName] ?? r.vdcName) : null,
      createdAt: r.dateCreated ?? null,
      fault: FAULT[word] ?? (status === 'error' ? `Cloud Director reports ${word}.` : (this.#faults.get(id) ?? null)),
    };
  }
}
