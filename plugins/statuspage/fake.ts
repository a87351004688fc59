/**
 * A loopback Statuspage manage API (v1) for tests and the demo: OAuth key auth, bare
 * arrays paged by page/per_page (at most 100), 420/429 with Retry-After on demand, `{"message"}`
 * errors, and the clock-driven life of scheduled maintenance (scheduled → in_progress →
 * completed, its components under_maintenance and back). State changes can be pushed to a
 * webhook URL as Statuspage does.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeComponent {
  id: string;
  page_id: string;
  group_id: string | null;
  name: string;
  description: string | null;
  position: number;
  status: 'operational' | 'under_maintenance' | 'degraded_performance' | 'partial_outage' | 'major_outage';
  showcase: boolean;
  only_show_if_degraded: boolean;
  group: boolean;
  start_date: string | null;
  created_at: string;
  updated_at: string;
}

export interface FakeIncident {
  id: string;
  page_id: string;
  name: string;
  status: string;
  impact: 'none' | 'maintenance' | 'minor' | 'major' | 'critical';
  impact_override: string | null;
  created_at: string;
  updated_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  shortlink: string;
  scheduled_for: string | null;
  scheduled_until: string | null;
  scheduled_auto_in_progress: boolean;
  scheduled_auto_completed: boolean;
  components: FakeComponent[];
  incident_updates: {
    id: string;
    incident_id: string;
    status: string;
    body: string;
    display_at: string;
    created_at: string;
    affected_components: unknown[] | null;
  }[];
}

export interface StatuspageFakeOptions {
  port?: number;
  apiKey?: string;
  pageId?: string;
  /** The fake's clock (ms); tests move it to drive scheduled maintenance. */
  now?: () => number;
  /** Where to POST webhook payloads on every change. */
  webhookUrl?: string;
  /**
   * The page's time zone offset in minutes: Statuspage writes every timestamp in the page's
   * own zone (`2026-12-03T08:14:02.000-06:00`), not in UTC. Default -360 (US Central).
   */
  utcOffsetMinutes?: number;
  seed?: 'demo';
}

/** An instant as Statuspage writes it: local time of the page's zone with its offset. */
export function statuspageTime(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, -1);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

type Failure = { status: number; retryAfter?: number; body?: string };

let counter = 0;
const newId = () => `${Date.now().toString(36)}${(counter++).toString(36)}`.padEnd(12, 'x').slice(0, 12);

export async function startStatuspageFake(options: StatuspageFakeOptions = {}) {
  const pageId = options.pageId ?? 'kctbh9vrtdwd';
  let apiKey = options.apiKey ?? 'fake-statuspage-key';
  const now = options.now ?? Date.now;
  const offset = options.utcOffsetMinutes ?? -360;
  const iso = () => statuspageTime(now(), offset);
  const components: FakeComponent[] = [];
  const incidents: FakeIncident[] = [];
  const failures: Failure[] = [];
  let garbage = 0;
  const requests: { method: string; path: string; query: string }[] = [];

  const webhook = async (payload: unknown) => {
    if (!options.webhookUrl) return;
    await fetch(options.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    }).catch(() => undefined);
  };
  const incidentPayload = (i: FakeIncident) => ({
    meta: {
      unsubscribe: 'https://example.invalid/unsubscribe',
      documentation: 'https://doers.statuspage.io/customer-notifications/webhooks/',
    },
    page: { id: pageId, status_indicator: 'minor', status_description: 'Minor Service Outage' },
    incident: i,
  });

  function setComponentStatus(id: string, status: FakeComponent['status']) {
    const c = components.find((x) => x.id === id);
    if (!c || c.status === status) return;
    const old = c.status;
    c.status = status;
    c.updated_at = iso();
    void webhook({
      meta: {},
      page: { id: pageId },
      component_update: { created_at: iso(), new_status: status, old_status: old, id: newId(), component_id: id },
      component: c,
    });
  }

  function addUpdate(i: FakeIncident, status: string, body: string) {
    i.status = status;
    i.updated_at = iso();
    i.incident_updates.unshift({
      id: newId(),
      incident_id: i.id,
      status,
      body,
      display_at: iso(),
      created_at: iso(),
      affected_components: null,
    });
    if (status === 'monitoring') i.monitoring_at = iso();
    if (status === 'resolved' || status === 'completed') i.resolved_at = iso();
    void webhook(incidentPayload(i));
  }

  /** Scheduled maintenance moves by the clock, like the real page. */
  function tick() {
    const t = now();
    for (const i of incidents) {
      if (!i.scheduled_for) continue;
      if (i.status === 'scheduled' && i.scheduled_auto_in_progress && Date.parse(i.scheduled_for) <= t) {
        addUpdate(i, 'in_progress', 'Scheduled maintenance is currently in progress.');
        for (const c of i.components) setComponentStatus(c.id, 'under_maintenance');
      }
      if (
        (i.status === 'in_progress' || i.status === 'verifying') &&
        i.scheduled_auto_completed &&
        i.scheduled_until &&
        Date.parse(i.scheduled_until) <= t
      ) {
        addUpdate(i, 'completed', 'The scheduled maintenance has been completed.');
        for (const c of i.components) setComponentStatus(c.id, 'operational');
      }
    }
  }

  const api = {
    pageId,
    get apiKey() {
      return apiKey;
    },
    components,
    incidents,
    requests,
    tick,
    addComponent(name: string, partial: Partial<FakeComponent> = {}): FakeComponent {
      const c: FakeComponent = {
        id: newId(),
        page_id: pageId,
        group_id: null,
        name,
        description: null,
        position: components.length + 1,
        status: 'operational',
        showcase: true,
        only_show_if_degraded: false,
        group: false,
        start_date: null,
        created_at: iso(),
        updated_at: iso(),
        ...partial,
      };
      components.push(c);
      return c;
    },
    setComponentStatus,
    /** A realtime incident on the given components. */
    createIncident(
      name: string,
      input: { impact?: FakeIncident['impact']; status?: string; body?: string; componentIds?: string[] } = {},
    ): FakeIncident {
      const i = baseIncident(name, input.impact ?? 'minor', input.componentIds ?? []);
      incidents.push(i);
      addUpdate(i, input.status ?? 'investigating', input.body ?? 'We are investigating this issue.');
      for (const c of i.components)
        setComponentStatus(c.id, i.impact === 'critical' || i.impact === 'major' ? 'major_outage' : 'degraded_performance');
      return i;
    },
    updateIncident(id: string, status: string, body: string) {
      const i = incidents.find((x) => x.id === id);
      if (!i) throw new Error(`no incident ${id}`);
      addUpdate(i, status, body);
      if (status === 'resolved') for (const c of i.components) setComponentStatus(c.id, 'operational');
      return i;
    },
    scheduleMaintenance(
      name: string,
      input: { from: Date; until: Date; componentIds?: string[]; body?: string; autoStart?: boolean; autoComplete?: boolean },
    ): FakeIncident {
      const i = baseIncident(name, 'maintenance', input.componentIds ?? []);
      i.scheduled_for = statuspageTime(input.from.getTime(), offset);
      i.scheduled_until = statuspageTime(input.until.getTime(), offset);
      i.scheduled_auto_in_progress = input.autoStart ?? true;
      i.scheduled_auto_completed = input.autoComplete ?? true;
      incidents.push(i);
      addUpdate(i, 'scheduled', input.body ?? 'Maintenance is scheduled.');
      tick();
      return i;
    },
    /** The next `n` requests fail with `status` (420, 429, 500 …). */
    failNext(n: number, failure: Failure) {
      for (let k = 0; k < n; k++) failures.push(failure);
    },
    /** Forgets queued failures and garbage. */
    clearFailures() {
      failures.length = 0;
      garbage = 0;
    },
    /** The next `n` requests answer 200 with a body that is not JSON. */
    garbageNext(n: number) {
      garbage += n;
    },
    /** The key changes: requests with the old one get 401. */
    rotateKey(next = `rotated-${newId()}`) {
      apiKey = next;
      return next;
    },
    seedDemo() {
      const fra = api.addComponent('Compute – FRA1');
      const storage = api.addComponent('Block storage – FRA1');
      const net = api.addComponent('Network – FRA1');
      const ams = api.addComponent('Compute – AMS1');
      api.addComponent('Customer portal');
      api.createIncident('Elevated latency on block storage in FRA1', {
        impact: 'minor',
        status: 'identified',
        componentIds: [storage.id],
        body: 'A storage node is rebuilding after a disk replacement; volumes may respond slowly until it finishes.',
      });
      const started = new Date(now() - 30 * 60_000);
      api.scheduleMaintenance('Router firmware upgrade in AMS1', {
        from: started,
        until: new Date(now() + 90 * 60_000),
        componentIds: [ams.id],
        body: 'Routers are upgraded one at a time; short packet loss is possible.',
      });
      const day = new Date(now() + 2 * 86400_000);
      day.setUTCHours(22, 0, 0, 0);
      api.scheduleMaintenance('Hypervisor security updates in FRA1', {
        from: day,
        until: new Date(day.getTime() + 3 * 3600_000),
        componentIds: [fra.id],
        body: 'Servers are live-migrated before their host is updated; expect a pause of a few seconds per server.',
      });
      api.scheduleMaintenance('Customer portal maintenance', {
        from: new Date(day.getTime() + 86400_000),
        until: new Date(day.getTime() + 86400_000 + 3600_000),
        componentIds: [],
        body: 'The portal is read-only for up to an hour.',
      });
      return { fra, storage, net, ams };
    },
  };

  function baseIncident(name: string, impact: FakeIncident['impact'], componentIds: string[]): FakeIncident {
    const id = newId();
    return {
      id,
      page_id: pageId,
      name,
      status: 'investigating',
      impact,
      impact_override: null,
      created_at: iso(),
      updated_at: iso(),
      monitoring_at: null,
      resolved_at: null,
      shortlink: `https://stspg.io/${id.slice(0, 6)}`,
      scheduled_for: null,
      scheduled_until: null,
      scheduled_auto_in_progress: false,
      scheduled_auto_completed: false,
      components: componentIds.map((cid) => components.find((c) => c.id === cid)!).filter(Boolean),
      incident_updates: [],
    };
  }

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  }

  function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push({ method: req.method ?? 'GET', path: url.pathname, query: url.search });
    const failure = failures.shift();
    if (failure) {
      return send(
        res,
        failure.status,
        failure.body ?? { message: failure.status === 420 || failure.status === 429 ? 'Rate limit exceeded' : 'Internal error' },
        failure.retryAfter !== undefined ? { 'retry-after': String(failure.retryAfter) } : {},
      );
    }
    const auth = req.headers.authorization;
    const key = auth?.startsWith('OAuth ') ? auth.slice(6) : url.searchParams.get('api_key');
    if (key !== apiKey) return send(res, 401, { message: 'Could not authenticate' });
    const match = /^\/v1\/pages\/([^/]+)\/(components|incidents(?:\/(unresolved|upcoming|scheduled|active_maintenance))?)$/.exec(
      url.pathname,
    );
    if (!match) return send(res, 404, { message: 'The requested resource could not be found.' });
    if (match[1] !== pageId) return send(res, 404, { message: 'The requested resource could not be found.' });
    if (req.method !== 'GET') return send(res, 405, { message: 'Method not allowed' });
    if (garbage > 0) {
      garbage--;
      return send(res, 200, '<html><body>Service Unavailable</body></html>');
    }
    tick();
    let items: unknown[];
    if (match[2] === 'components') items = components;
    else {
      const which = match[3];
      const active = (i: FakeIncident) => !['resolved', 'postmortem', 'completed'].includes(i.status);
      const list =
        which === 'unresolved'
          ? incidents.filter((i) => !i.scheduled_for && active(i))
          : which === 'upcoming'
            ? incidents.filter((i) => i.status === 'scheduled')
            : which === 'scheduled'
              ? incidents.filter((i) => !!i.scheduled_for)
              : which === 'active_maintenance'
                ? incidents.filter((i) => i.scheduled_for && (i.status === 'in_progress' || i.status === 'verifying'))
                : incidents;
      items = [...list].sort((a, b) => b.created_at.localeCompare(a.created_at));
    }
    const perPage = Math.min(Math.max(Number(url.searchParams.get('per_page') ?? 100) || 100, 1), 100);
    const page = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1);
    return send(res, 200, items.slice((page - 1) * perPage, page * perPage));
  }

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  if (options.seed === 'demo') api.seedDemo();
  return {
    ...api,
    url: `http://127.0.0.1:${port}/v1`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type StatuspageFake = Awaited<ReturnType<typeof startStatuspageFake>>;
