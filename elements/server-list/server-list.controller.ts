import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Task } from '@lit/task';
import type { ApiResponse, Schemas } from '../core/api-client.js';
import type { GlasspaneContext } from '../core/context.js';

export type Server = Schemas['Server'];
export type ServerAction = 'start' | 'stop' | 'reboot';
/** What the `servers` stream topic carries: a server that changed, or the id of one that went. */
export type ServersEvent = { op: string; data?: Server; id?: string };
export type Flavor = ApiResponse<'/flavors'>['data'][number];
export type Image = ApiResponse<'/images'>['data'][number];

/**
 * The server list's data: loads the tenant's servers (and, for the `technical` role, the
 * sizes and images a server can be created from), keeps them current from the `servers`
 * stream, and sends actions and creates. Errors are thrown to the element, which words them.
 */
export class ServerListController implements ReactiveController {
  servers: Server[] = [];
  canAct = false;
  /** Whether the token's roles have been read (so a missing role can be explained). */
  sessionKnown = false;
  /** The provider's own staff (staff or operator role): they read a server's fault in the provider's words. */
  staff = false;

  readonly task: Task<readonly [GlasspaneContext | undefined], Server[] | undefined>;
  /** Sizes and images to create from; only loaded where the create form can show. */
  readonly options: Task<readonly [GlasspaneContext | undefined, boolean, boolean], { flavors: Flavor[]; images: Image[] } | undefined>;

  constructor(
    private readonly host: ReactiveControllerHost,
    gp: () => GlasspaneContext | undefined,
    noCreate: () => boolean,
  ) {
    host.addController(this);
    this.task = new Task(host, {
      task: async ([gp], { signal }) => {
        if (!gp) return undefined;
        const session = await gp.session();
        const roles = session?.roles ?? [];
        this.#set({
          canAct: roles.includes('technical'),
          staff: roles.includes('staff') || roles.includes('operator'),
          sessionKnown: true,
        });
        const doc = await gp.api.get('/servers', { signal, query: { 'page[size]': 100 } });
        this.#set({ servers: doc.data });
        return doc.data;
      },
      args: () => [gp()] as const,
    });
    this.options = new Task(host, {
      task: async ([gp, canAct, noCreate], { signal }) => {
        if (!gp || !canAct || noCreate) return undefined;
        const [flavors, images] = await Promise.all([gp.api.get('/flavors', { signal }), gp.api.get('/images', { signal })]);
        return { flavors: flavors.data, images: images.data };
      },
      args: () => [gp(), this.canAct, noCreate()] as const,
    });
  }

  hostConnected(): void {}

  /** Fields change as the element's state did: each change asks for a render. */
  #set(patch: Partial<Pick<ServerListController, 'servers' | 'canAct' | 'sessionKnown' | 'staff'>>): void {
    Object.assign(this, patch);
    this.host.requestUpdate();
  }

  reload(): void {
    void this.task.run();
  }

  /** Applies a `servers` stream message; returns the server that changed, if one did. */
  apply(event: ServersEvent): Server | undefined {
    const { op, data, id } = event;
    if (op === 'upsert' && data) {
      this.#set({
        servers: this.servers.some((s) => s.id === data.id)
          ? this.servers.map((s) => (s.id === data.id ? data : s))
          : [...this.servers, data],
      });
      return data;
    }
    if (op === 'remove' && id) this.#set({ servers: this.servers.filter((s) => s.id !== id) });
    return undefined;
  }

  /** Asks the host to start, stop or reboot a server; the server as the host answered it. */
  async act(gp: GlasspaneContext, serverId: string, action: ServerAction): Promise<Server> {
    const doc = await gp.api.send('POST', `/servers/${encodeURIComponent(serverId)}/actions`, {
      data: { type: 'server-actions', attributes: { action } },
    });
    this.#set({ servers: this.servers.map((s) => (s.id === serverId ? doc.data : s)) });
    return doc.data;
  }

  /** Creates a server; it joins the list at once, in the state the host answered. */
  async create(gp: GlasspaneContext, attributes: { name: string; flavorId: string; imageId: string }): Promise<Server> {
    const doc = await gp.api.send('POST', '/servers', { data: { type: 'servers', attributes } });
    this.#set({ servers: [...this.servers.filter((s) => s.id !== doc.data.id), doc.data] });
    return doc.data;
  }
}
