import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { en } from './messages.js';

type CoreMessages = typeof en;

/**
 * Every message key of the kit. Each element's `messages.ts` adds its own keys by
 * declaration merging (as `HTMLElementTagNameMap` does for tags), so a partner's
 * element can add keys the same way.
 */
export interface Messages extends CoreMessages {}

/**
 * The kit's one localisation mechanism: a small typed controller (in the manner of
 * Shoelace's), not @lit/localize, because partners must add a language or override a
 * single string at run time without a build step.
 *
 * @example
 * ```ts
 * registerTranslation({ $code: 'fr', $name: 'Français', ...frenchMessages });
 * registerTranslation({ $code: 'en', allClear: 'Everything is running' }); // one override
 * ```
 */
export type Translation = { $code: string; $name?: string } & Partial<Messages>;

type Table = Partial<Messages> & { $name?: string };
type Loader = () => Promise<Partial<Messages>>;

const translations = new Map<string, Table>();
const queued = new Map<string, Loader[]>();
const inflight = new Map<string, Promise<void>>();
const hosts = new Set<ReactiveControllerHost>();

function merge(code: string, messages: Table, under: boolean): void {
  const current = translations.get(code);
  translations.set(code, under ? { ...messages, ...current } : { ...current, ...messages });
  for (const host of hosts) host.requestUpdate();
}

/** Adds a language or overrides single strings; a partner's strings win over the kit's. */
export function registerTranslation(...list: Translation[]): void {
  for (const { $code, ...messages } of list) merge($code.toLowerCase(), messages, false);
}

/**
 * Registers an element's English messages, and loaders for its other languages that run
 * when a page first shows that language (German is not in an English page's bytes).
 * Strings a partner registered stay in place.
 */
export function registerMessages<T extends Partial<Messages>>(english: T, languages: Record<string, () => Promise<Partial<T>>>): void {
  merge('en', english, true);
  for (const [code, load] of Object.entries(languages)) {
    if (!queued.has(code)) queued.set(code, []);
    queued.get(code)!.push(load as Loader);
  }
}

/**
 * Loads the kit's messages for a locale's language if some are still queued; resolves
 * when they are in. `undefined` when there is nothing to wait for.
 */
export function loadLanguage(locale: string): Promise<void> | undefined {
  const code = locale.toLowerCase().split('-')[0]!;
  const loaders = queued.get(code);
  if (loaders?.length) {
    queued.delete(code);
    const done: Promise<void> = Promise.all([
      inflight.get(code),
      ...loaders.map((load) =>
        load().then(
          (m) => merge(code, m, true),
          (e) => console.warn(`Glasspane: the "${code}" messages could not be loaded; showing English.`, e),
        ),
      ),
    ]).then(() => {
      if (inflight.get(code) === done) inflight.delete(code);
    });
    inflight.set(code, done);
  }
  return inflight.get(code);
}

registerMessages(en, { de: () => import('./messages.de.js').then((m) => m.de) });

type Args<K extends keyof Messages> = Messages[K] extends (...args: infer A) => string ? A : [];

/** Resolves a locale, its base language, then English. */
export function lookup<K extends keyof Messages>(locale: string, key: K): Messages[K] {
  const code = locale.toLowerCase();
  return (translations.get(code)?.[key] ?? translations.get(code.split('-')[0]!)?.[key] ?? translations.get('en')?.[key]) as Messages[K];
}

export class LocalizeController implements ReactiveController {
  /** Resolved once per render: a table row's every label would otherwise walk the DOM. */
  #locale: string | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly providerLocale: () => string = () => '',
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    hosts.add(this.host);
  }

  hostDisconnected(): void {
    hosts.delete(this.host);
  }

  hostUpdate(): void {
    this.#locale = undefined;
  }

  /** The element's `lang`, the nearest `lang` above it, the provider's, the page's, the browser's. */
  get locale(): string {
    return (this.#locale ??=
      this.host.closest('[lang]')?.getAttribute('lang') ||
      this.providerLocale() ||
      document.documentElement.lang ||
      navigator.language ||
      'en');
  }

  /** Resolves when the messages of the current locale are loaded; `undefined` if they are. */
  ready(): Promise<void> | undefined {
    this.#locale = undefined;
    return loadLanguage(this.locale);
  }

  /** A message: functions are called with `args`; tables (status names) come back as they are. */
  term<K extends keyof Messages>(key: K, ...args: Args<K>): Messages[K] extends (...a: never[]) => string ? string : Messages[K] {
    const message = lookup(this.locale, key) as unknown;
    return (typeof message === 'function' ? (message as (...a: unknown[]) => string)(...args) : message) as never;
  }
}
