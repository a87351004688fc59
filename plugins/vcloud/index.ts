import { z } from 'zod';
import {
  definePlugin,
  ProviderError,
  ComputeProviderToken,
  type ComputeProvider,
  type CreateServerInput,
  type Flavor,
  type PowerAction,
  type Server,
  type ServerStatus,
  MetricsProviderToken,
  type Metric,
  type MetricRange,
  type MetricSample,
  type MetricsProvider,
} from '../../host/index.js';
import { PLUGIN_ID, VcloudClient, xmlElements, xmlSeries, type VcloudOptions } from './client.js';

export { VcloudClient } from './client.js';

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

const STATUS: Record<string, ServerStatus> = {
  POWERED_ON: 'active',
  '4': 'active',
  POWERED_OFF: 'stopped',
  '8': 'stopped',
  SUSPENDED: 'suspended',
  '3': 'suspended',
  FAILED_CREATION: 'error',
  '-1': 'error',
  UNRESOLVED: 'building',
  '0': 'building',
  RESOLVED: 'stopped',
  '1': 'stopped',
};
const POWER: Record<PowerAction, string> = { start: 'powerOn', stop: 'powerOff', reboot: 'reboot' };
const TASK: Record<PowerAction, string> = { start: 'powering-on', stop: 'powering-off', reboot: 'rebooting' };

/** The VM's UUID from its href (`…/api/vApp/vm-<uuid>`). */
const vmId = (href: string) => /vm-([0-9a-f-]{36})/i.exec(href)?.[1] ?? href;
/** The template's UUID from its href (`…/api/vAppTemplate/vappTemplate-<uuid>`). */
const templateId = (href: string) => /vappTemplate-([0-9a-f-]{36})/i.exec(href)?.[1] ?? href;
const xmlEscape = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

/**
 * VMs of a Cloud Director org. Sizes are the org VDC's VM sizing policies (CloudAPI
 * `computePolicies`), images its vApp templates; creating a server instantiates a
 * template into the org's VDC with the chosen sizing policy, powered on.
 */
export class VcloudComputeProvider implements ComputeProvider {
  readonly source = PLUGIN_ID;
  /** Actions this process asked for, to name the task while the VM is busy. */
  readonly #pending = new Map<string, PowerAction>();
  constructor(readonly client: VcloudClient) {}

  async listServers(scope: string, signal?: AbortSignal): Promise<Server[]> {
    const records: VmRecord[] = [];
    for (let page = 1; page <= 100; page++) {
      const doc = await this.client.json<{ total?: number; pageSize?: number; record?: VmRecord[]; link?: { rel: string; href: string }[] }>(
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
    const doc = await this.client.json<{ record?: VmRecord[] }>(scope, 'GET', `/api/query?type=vm&format=records&filter=${encodeURIComponent(`id==urn:vcloud:vm:${id}`)}`, signal);
    const record = doc.record?.[0];
    return record ? this.#toServer(record) : undefined;
  }

  /** VM sizing policies of the org's VDC (`GET /cloudapi/2.0.0/vdcs/{urn}/computePolicies`); those without a size are left out. */
  async listFlavors(scope: string, signal?: AbortSignal): Promise<Flavor[]> {
    const vdc = await this.#vdc(scope, signal);
    const flavors: Flavor[] = [];
    for (let page = 1; page <= 20; page++) {
      const doc = await this.client.json<{ pageCount?: number; values?: { id: string; name: string; cpuCount?: number | null; memory?: number | null }[] }>(
        scope,
        'GET',
        `/cloudapi/2.0.0/vdcs/${encodeURIComponent(`urn:vcloud:vdc:${vdc}`)}/computePolicies?page=${page}&pageSize=128`,
        signal,
      );
      for (const p of doc.values ?? []) if (p.cpuCount && p.memory) flavors.push({ id: p.id, name: p.name, vcpus: p.cpuCount, ramMb: p.memory, diskGb: 0 });
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
   * `POST /api/vdc/{id}/action/instantiateVAppTemplate`: the template's VM (looked up in the
   * template) with the sizing policy, deployed and powered on. Cloud Director answers with the
   * new vApp and its task; the VM shows as building until the task ends.
   */
  async createServer(scope: string, input: CreateServerInput, signal?: AbortSignal): Promise<Server> {
    const vdc = await this.#vdc(scope, signal);
    const base = this.client.baseUrl;
    const template = await this.client.json<{ children?: { vm?: { href: string; name: string }[] } }>(scope, 'GET', `/api/vAppTemplate/vappTemplate-${encodeURIComponent(input.imageId)}`, signal);
    const templateVm = template?.children?.vm?.[0];
    if (!templateVm) throw new ProviderError(PLUGIN_ID, 'This image has no virtual machine to copy; choose another.', { status: 422, code: 'invalid' });
    const name = xmlEscape(input.name);
    const body =
      `<InstantiateVAppTemplateParams xmlns="http://www.vmware.com/vcloud/v1.5" name="${name}" deploy="true" powerOn="true">` +
      `<Description>Created from the customer portal</Description>` +
      `<Source href="${base}/api/vAppTemplate/vappTemplate-${xmlEscape(input.imageId)}"/>` +
      `<SourcedItem><Source href="${xmlEscape(templateVm.href)}"/><VmGeneralParams><Name>${name}</Name></VmGeneralParams>` +
      `<ComputePolicy><VmSizingPolicy href="${base}/cloudapi/2.0.0/vdcComputePolicies/${xmlEscape(input.flavorId)}" id="${xmlEscape(input.flavorId)}"/></ComputePolicy></SourcedItem>` +
      `<AllEULAsAccepted>true</AllEULAsAccepted></InstantiateVAppTemplateParams>`;
    const { text } = await this.client.request(scope, 'POST', `/api/vdc/${vdc}/action/instantiateVAppTemplate`, {
      body,
      contentType: 'application/vnd.vmware.vcloud.instantiateVAppTemplateParams+xml',
      signal,
    });
    let vapp: { children?: { vm?: { href: string; name: string }[] } } | undefined;
    try {
      vapp = JSON.parse(text);
    } catch {
      throw new ProviderError(PLUGIN_ID, 'Cloud Director answered with something that is not JSON.', { code: 'provider_bad_response' });
    }
    const vm = vapp?.children?.vm?.[0];
    const flavor = (await this.listFlavors(scope, signal)).find((f) => f.id === input.flavorId) ?? null;
    const images = await this.listImages(scope, signal);
    return {
      id: vm ? vmId(vm.href) : '',
      name: input.name,
      status: 'building',
      providerStatus: 'UNRESOLVED',
      task: 'instantiating',
      flavor,
      image: images.find((i) => i.id === input.imageId) ?? null,
      addresses: [],
      region: null,
      createdAt: new Date().toISOString(),
      fault: null,
    };
  }

  /** The org's VDC (its UUID): the first one the org can use, remembered per org. */
  readonly #vdcs = new Map<string, string>();
  async #vdc(scope: string, signal?: AbortSignal): Promise<string> {
    const known = this.#vdcs.get(scope);
    if (known) return known;
    const doc = await this.client.json<{ record?: { href: string; name: string }[] }>(scope, 'GET', '/api/query?type=orgVdc&format=records&pageSize=25', signal);
    const href = doc.record?.[0]?.href;
    const id = href && /\/vdc\/([0-9a-f-]{36})/i.exec(href)?.[1];
    if (!id) throw new ProviderError(PLUGIN_ID, 'This Cloud Director org has no virtual data centre to create servers in.', { status: 409, code: 'no_vdc' });
    this.#vdcs.set(scope, id);
    return id;
  }

  /** Resolves once Cloud Director accepted the action (its Task); the VM shows busy until done. */
  async powerAction(scope: string, id: string, action: PowerAction, signal?: AbortSignal): Promise<void> {
    await this.client.request(scope, 'POST', `/api/vApp/vm-${id}/power/action/${POWER[action]}`, { signal });
    this.#pending.set(id, action);
  }

  #toServer(r: VmRecord): Server {
    const id = vmId(r.href);
    const status = STATUS[String(r.status)] ?? 'unknown';
    if (!r.isBusy) this.#pending.delete(id);
    const pending = this.#pending.get(id);
    const mb = r.memoryMB ?? 0;
    const storageGb = Math.round((r.totalStorageAllocatedMb ?? 0) / 1024);
    return {
      id,
      name: r.name,
      status,
      providerStatus: String(r.status),
      task: r.isBusy ? (pending ? TASK[pending] : 'busy') : null,
      flavor: { id: `${r.numberOfCpus ?? 0}-${mb}`, name: `${r.numberOfCpus ?? 0} vCPU · ${Math.round(mb / 1024)} GiB`, vcpus: r.numberOfCpus ?? 0, ramMb: mb, diskGb: storageGb },
      image: r.guestOs ? { id: r.guestOs, name: r.guestOs } : null,
      addresses: r.ipAddress ? [{ address: r.ipAddress, version: r.ipAddress.includes(':') ? 6 : 4, type: 'fixed', network: r.containerName ?? 'vApp' }] : [],
      region: r.vdcName ?? null,
      createdAt: r.dateCreated ?? null,
      fault: status === 'error' ? 'The VM failed to be created.' : null,
    };
  }
}

/** Usage from Cloud Director's VM metrics (XML); powered-off VMs have none. */
export class VcloudMetricsProvider implements MetricsProvider {
  readonly source = PLUGIN_ID;
  constructor(
    readonly client: VcloudClient,
    private readonly compute: VcloudComputeProvider,
  ) {}

  async current(scope: string, serverId: string, signal?: AbortSignal): Promise<Partial<Record<Metric, MetricSample>>> {
    const { text } = await this.client.request(scope, 'GET', `/api/vApp/vm-${serverId}/metrics/current`, { xml: true, signal });
    const memoryMb = (await this.compute.getServer(scope, serverId, signal))?.flavor?.ramMb ?? 0;
    const at = new Date().toISOString();
    const out: Partial<Record<Metric, MetricSample>> = {};
    for (const m of xmlElements(text, 'Metric')) {
      const value = convert(m.name ?? '', m.unit ?? '', Number(m.value), memoryMb);
      if (value) out[value.metric] = { at, value: value.value };
    }
    return out;
  }

  /** Up to 24 h: `GET …/metrics/historic`; longer (at most 14 days, clipped): a HistoricUsageSpec. */
  async history(scope: string, serverId: string, metric: Metric, range: MetricRange, signal?: AbortSignal): Promise<MetricSample[]> {
    const span = range.end.getTime() - range.start.getTime();
    const from = new Date(Math.max(range.start.getTime(), range.end.getTime() - 14 * 86400_000));
    const { text } =
      span <= 86400_000
        ? await this.client.request(scope, 'GET', `/api/vApp/vm-${serverId}/metrics/historic`, { xml: true, signal })
        : await this.client.request(scope, 'POST', `/api/vApp/vm-${serverId}/metrics/historic`, {
            xml: true,
            signal,
            contentType: 'application/vnd.vmware.vcloud.metrics.historicUsageSpec+xml',
            body: `<HistoricUsageSpec xmlns="http://www.vmware.com/vcloud/v1.5"><AbsoluteStartTime time="${from.toISOString()}"/><AbsoluteEndTime time="${range.end.toISOString()}"/><MetricPattern>*</MetricPattern></HistoricUsageSpec>`,
          });
    const memoryMb = (await this.compute.getServer(scope, serverId, signal))?.flavor?.ramMb ?? 0;
    const out: MetricSample[] = [];
    for (const series of xmlSeries(text)) {
      for (const s of series.samples) {
        const value = convert(series.attrs.name ?? '', series.attrs.unit ?? '', Number(s.value), memoryMb);
        const t = Date.parse(s.timestamp ?? '');
        if (value?.metric === metric && t >= range.start.getTime() && t <= range.end.getTime()) out.push({ at: new Date(t).toISOString(), value: value.value });
      }
    }
    return out.sort((a, b) => a.at.localeCompare(b.at));
  }
}

/** Cloud Director metric names and units to Glasspane's. */
function convert(name: string, unit: string, raw: number, memoryMb: number): { metric: Metric; value: number } | undefined {
  if (!Number.isFinite(raw)) return undefined;
  if (name === 'cpu.usage.average' && unit === 'PERCENT') return { metric: 'cpu', value: Math.min(100, raw) };
  if (name === 'mem.usage.average' && unit === 'PERCENT') return { metric: 'memory', value: Math.round((raw / 100) * memoryMb) };
  if (name === 'disk.used.latest' && unit === 'KILOBYTE') return { metric: 'disk', value: Math.round((raw / 1024 ** 2) * 1000) / 1000 };
  if (name === 'net.usage.average' && unit === 'KILOBYTES_PER_SECOND') return { metric: 'bandwidth', value: Math.round(((raw * 8) / 1000) * 1000) / 1000 };
  return undefined;
}

const config = z.object({
  url: z.url(),
  org: z.string().min(1),
  username: z.string().min(1),
  password: z.string().min(1),
  apiVersion: z.string().regex(/^\d+\.\d+$/).default('37.0'),
  timeoutMs: z.number().int().min(100).default(15_000),
});

/** VMware Cloud Director as ComputeProvider and MetricsProvider. */
export default definePlugin({
  id: PLUGIN_ID,
  provides: ['ComputeProvider', 'MetricsProvider'],
  config,
  fromEnv: (env) => ({ url: env.VCD_URL, org: env.VCD_ORG, username: env.VCD_USERNAME, password: env.VCD_PASSWORD, apiVersion: env.VCD_API_VERSION || undefined }),
  register({ container, config }) {
    const client = new VcloudClient(config as VcloudOptions);
    const compute = new VcloudComputeProvider(client);
    container.register(ComputeProviderToken, { useValue: compute });
    container.register(MetricsProviderToken, { useValue: new VcloudMetricsProvider(client, compute) });
  },
});
