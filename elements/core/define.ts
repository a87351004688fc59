/** Registers a tag; never throws when it is already defined (two bundles on one page). */
export function defineElement(tag: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}

const registry = new Map<string, CustomElementConstructor>();

/** Called by each element module: `name` is the tag without prefix (`maintenance-banner`). */
export function registerKitElement(name: string, ctor: CustomElementConstructor): void {
  registry.set(name, ctor);
}

/**
 * Registers every element of the kit under `prefix` (`acme-maintenance-banner`), so a
 * partner ships the kit under its own brand. A prefix other than the class's own gets a
 * subclass, because one constructor can be defined under one name only.
 *
 * @example
 * ```ts
 * import { defineElements } from '@glasspane/elements/classes';
 * defineElements({ prefix: 'acme' });
 * ```
 */
export function defineElements(options: { prefix?: string } = {}): string[] {
  const prefix = options.prefix ?? 'gp';
  if (!/^[a-z][a-z0-9]*$/.test(prefix))
    throw new Error(`Prefix "${prefix}" must be lower-case letters and digits, starting with a letter.`);
  const tags: string[] = [];
  for (const [name, ctor] of registry) {
    const tag = `${prefix}-${name}`;
    if (!customElements.get(tag))
      customElements.define(tag, prefix === 'gp' ? ctor : class extends (ctor as unknown as typeof HTMLElement) {});
    tags.push(tag);
  }
  return tags;
}

/**
 * The tag of kit element `name` used inside `host` (whose own kit name is `ownName`): under the
 * host's prefix when that tag is defined, so `acme-ticket-composer` shows `acme-help-now`
 * after `defineElements({ prefix: 'acme' })`; else the `gp-` tag.
 */
export function kitTagBeside(host: Element, ownName: string, name: string): string {
  const own = host.localName;
  const prefix = own.endsWith(`-${ownName}`) ? own.slice(0, -ownName.length - 1) : 'gp';
  const tag = `${prefix}-${name}`;
  return customElements.get(tag) ? tag : `gp-${name}`;
}
