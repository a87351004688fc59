import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { en, type Messages } from './translations/en.js';
import { de } from './translations/de.js';

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

const translations = new Map<string, Partial<Messages> & { $name?: string }>();
const hosts = new Set<ReactiveControllerHost>();

export function registerTranslation(...list: Translation[]): void {
  for (const { $code, ...messages } of list) {
    const code = $code.toLowerCase();
    translations.set(code, { ...translations.get(code), ...messages });
  }
  for (const host of hosts) host.requestUpdate();
}

registerTranslation({ $code: 'en', $name: 'English', ...en }, { $code: 'de', $name: 'Deutsch', ...de });

type Args<K extends keyof Messages> = Messages[K] extends (...args: infer A) => string ? A : [];

/** Resolves a locale, its base language, then English. */
export function lookup<K extends keyof Messages>(locale: string, key: K): Messages[K] {
  const code = locale.toLowerCase();
  return (translations.get(code)?.[key] ?? translations.get(code.split('-')[0]!)?.[key] ?? en[key]) as Messages[K];
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
    return (this.#locale ??= this.host.closest('[lang]')?.getAttribute('lang') || this.providerLocale() || document.documentElement.lang || navigator.language || 'en');
  }

  /** A message: functions are called with `args`; tables (status names) come back as they are. */
  term<K extends keyof Messages>(key: K, ...args: Args<K>): Messages[K] extends (...a: never[]) => string ? string : Messages[K] {
    const message = lookup(this.locale, key) as unknown;
    return (typeof message === 'function' ? (message as (...a: unknown[]) => string)(...args) : message) as never;
  }
}
