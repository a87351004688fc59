import { fixture, html, waitUntil } from '@open-wc/testing';
import type { ReactiveElement } from 'lit';
import '../provider/provider.js';
import type { GpProvider } from '../provider/provider.component.js';

/** A real embed token from the test host (`/__test/token`). */
export async function token(tenant = 'acme', roles = 'customer', ttl = 900): Promise<{ token: string; expiresAt: string }> {
  const res = await fetch(`/__test/token?tenant=${tenant}&roles=${roles}&ttl=${ttl}`);
  return res.json();
}

/** Posts a local notice through the host's admin API; returns its id. */
export async function postNotice(attributes: Record<string, unknown>): Promise<string> {
  const res = await fetch('/__test/notices', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      data: {
        type: 'maintenances',
        attributes: { kind: 'incident', status: 'investigating', impact: 'minor', componentIds: ['fra1'], body: '', ...attributes },
      },
    }),
  });
  if (res.status !== 201) throw new Error(`posting a notice failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { data: { id: string } }).data.id;
}

export async function patchNotice(id: string, attributes: Record<string, unknown>): Promise<void> {
  await fetch(`/__test/notices/${id}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data: { type: 'maintenances', id, attributes } }),
  });
}

export const resetNotices = () => fetch('/__test/reset', { method: 'POST' });

/** Mounts `inner` inside a provider that gets tokens for `tenant` from the test host. */
export async function mount<T extends Element>(
  inner: ReturnType<typeof html>,
  options: { tenant?: string; roles?: string; locale?: string } = {},
) {
  const tokenProvider = () => token(options.tenant ?? 'acme', options.roles ?? 'customer');
  const provider = await fixture<GpProvider>(
    html`<gp-provider api-base="/api/v1" locale=${options.locale ?? 'en'} .tokenProvider=${tokenProvider}>${inner}</gp-provider>`,
  );
  const el = provider.firstElementChild as T;
  // A German element's first render waits for its messages to load.
  await (el as Partial<ReactiveElement>).updateComplete;
  return { provider, el };
}

/**
 * A failed assertion about an element (`expect(el.querySelector(…)).to.equal(null)`) keeps the
 * element as its `actual`; the test runner then walks the whole document to send it, and the run
 * hangs until its 120 s limit without the assertion's message. Before the results are sent, an
 * element (or other node) there is replaced by its markup.
 */
afterEach(function () {
  const err = this.currentTest?.err as { actual?: unknown; expected?: unknown } | undefined;
  if (!err) return;
  for (const key of ['actual', 'expected'] as const) {
    const value = err[key];
    if (value instanceof Node)
      err[key] = value instanceof Element ? value.outerHTML.slice(0, 500) : `${value.nodeName} ${value.textContent ?? ''}`;
  }
});

/** Waits until `fn` is truthy, with a readable failure. */
export const until = (fn: () => unknown, message: string, timeout = 5000) => waitUntil(fn, message, { timeout });

/**
 * Waits until the element's provider has an open event stream the host said `ready` on,
 * so an event published from now on reaches the element (instead of sleeping a guess).
 */
export const streamReady = (el: Element) =>
  until(() => (el as unknown as { gp?: { stream: { connected: boolean } } }).gp?.stream.connected, 'event stream connected', 10000);
