import type { Observable, Subscriber, filter } from 'rxjs';

/** One event from the host's stream: its topic and parsed data. */
export interface StreamMessage<T = unknown> {
  topic: string;
  id: string | null;
  data: T;
}

/** `reset`: the host's replay log no longer reaches back; subscribers should refetch. */
export const RESET = 'reset';

export interface StreamHubOptions {
  /** `${apiBase}/stream` */
  url: string;
  token: (refresh?: boolean) => Promise<string | undefined>;
  /**
   * Where the stream stood before the page's reads (`ApiClient.streamPosition`): the first
   * stream opens from there, so the host replays what happened since the reads instead of
   * every element fetching again.
   */
  position?: () => Promise<string | undefined>;
  /** Reconnect delays in ms, the last one repeating. */
  backoff?: number[];
}

/**
 * One EventSource per hub, shared by every element on the page that listens: it opens
 * with the first subscriber and closes with the last. rxjs loads with the first listener,
 * after the elements have rendered, so it costs nothing on the critical path. The first stream
 * opens from the stream position the elements' reads were given: the host replays what
 * happened since, and elements refetch only on a real `reset`. EventSource retries network drops
 * by itself; when the host ends the stream (token expired) or refuses it, the hub fetches
 * a fresh token and reconnects with `lastEventId` so nothing in between is lost.
 */
export class StreamHub {
  #loading?: Promise<void>;
  /** The shared stream and rxjs's `filter`, once rxjs has loaded. */
  #shared?: { messages: Observable<StreamMessage>; filter: typeof filter };
  readonly #options: StreamHubOptions;
  #lastEventId: string | null = null;
  /** Topics this hub listens to: the known ones, and any an element subscribes to later. */
  readonly #topics = new Set(StreamHub.topics);
  /** Adds a listener for a new topic to the open EventSource. */
  #listen?: (topic: string) => void;
  #ready = false;

  /** Whether the stream is open and the host has said `ready` (nothing published since is missed). */
  get connected(): boolean {
    return this.#ready;
  }

  constructor(options: StreamHubOptions) {
    this.#options = options;
  }

  /** Messages of one topic (and `reset` notices), shared by every subscriber. */
  async topic<T = unknown>(name: string): Promise<Observable<StreamMessage<T>>> {
    await this.#load();
    return this.#topic<T>(name);
  }

  /**
   * Calls `next` with each message of `topic` until the returned function is called.
   * What elements use; `topic()` is there for code that wants the Observable. Once rxjs has
   * loaded (the first subscriber's work), it listens at once: an event that arrives on an open
   * stream right after the call reaches `next`.
   */
  subscribe<T = unknown>(name: string, next: (message: StreamMessage<T>) => void): () => void {
    if (this.#shared) {
      const subscription = this.#topic<T>(name).subscribe(next);
      return () => subscription.unsubscribe();
    }
    let stopped = false;
    let stop = () => {};
    void this.topic<T>(name).then((observable) => {
      if (stopped) return;
      const subscription = observable.subscribe(next);
      stop = () => subscription.unsubscribe();
    });
    return () => {
      stopped = true;
      stop();
    };
  }

  #topic<T>(name: string): Observable<StreamMessage<T>> {
    const { messages, filter } = this.#shared!;
    if (!this.#topics.has(name)) {
      this.#topics.add(name);
      this.#listen?.(name);
    }
    return messages.pipe(filter((m) => m.topic === name || m.topic === RESET)) as Observable<StreamMessage<T>>;
  }

  #load(): Promise<void> {
    this.#loading ??= import('rxjs').then(({ Observable, share, filter }) => {
      const messages = new Observable<StreamMessage>((subscriber) => this.#connect(subscriber)).pipe(share());
      this.#shared = { messages, filter };
    });
    return this.#loading;
  }

  #connect(subscriber: Subscriber<StreamMessage>): () => void {
    let source: EventSource | undefined;
    let closed = false;
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const backoff = this.#options.backoff ?? [500, 1000, 2000, 5000, 10000];

    const open = async (refresh: boolean) => {
      this.#lastEventId ??= (await this.#options.position?.().catch(() => undefined)) ?? null;
      const token = await this.#options.token(refresh).catch(() => undefined);
      if (closed) return;
      const url = new URL(this.#options.url, globalThis.location?.href);
      if (token) url.searchParams.set('token', token);
      if (this.#lastEventId) url.searchParams.set('lastEventId', this.#lastEventId);
      source = new EventSource(url.href);
      // Whatever happened while no stream was open is unknown unless the host replays it
      // from lastEventId (an event's, or the reads' position): without one, listeners must refetch.
      const resuming = !!this.#lastEventId;
      source.addEventListener('ready', () => {
        attempt = 0;
        this.#ready = true;
        if (!resuming) subscriber.next({ topic: RESET, id: null, data: null });
      });
      source.addEventListener('expired', () => reconnect(true));
      source.addEventListener(RESET, () => subscriber.next({ topic: RESET, id: null, data: null }));
      source.onerror = () => {
        // CLOSED means the browser gave up (a 401 or another non-stream answer): we take over.
        if (source?.readyState === EventSource.CLOSED) reconnect(true);
      };
      const original = source;
      // Every named event the host sends is a topic; listen generically through onmessage-like hooks.
      const dispatch = (e: MessageEvent) => {
        if (original !== source) return;
        if (e.lastEventId) this.#lastEventId = e.lastEventId;
        try {
          subscriber.next({ topic: e.type, id: e.lastEventId || null, data: JSON.parse(e.data) });
        } catch {
          // A malformed event is skipped; the next refetch corrects the view.
        }
      };
      for (const topic of this.#topics) source.addEventListener(topic, dispatch as EventListener);
      this.#listen = (topic) => original.addEventListener(topic, dispatch as EventListener);
    };

    const reconnect = (refresh: boolean) => {
      this.#ready = false;
      source?.close();
      source = undefined;
      if (closed) return;
      const delay = backoff[Math.min(attempt++, backoff.length - 1)]!;
      timer = setTimeout(() => void open(refresh), delay);
    };

    void open(false);
    return () => {
      closed = true;
      this.#ready = false;
      clearTimeout(timer);
      source?.close();
    };
  }

  /** Topics every hub listens to from the start; others are added when first subscribed. */
  static topics = new Set(['maintenances', 'servers', 'usage', 'billing', 'tickets']);
}
