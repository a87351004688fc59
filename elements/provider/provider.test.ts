import { expect, fixture, html } from '@open-wc/testing';
import '../provider/provider.js';
import '../knowledge-base/knowledge-base.js';
import '../server-list/server-list.js';
import type { GpProvider } from './provider.component.js';
import { token, until } from '../test/helpers.js';

/** Records the API requests the page sends, with whether they carried a token. */
function recording(): { requests: { path: string; authorized: boolean }[]; restore(): void } {
  const original = window.fetch;
  const requests: { path: string; authorized: boolean }[] = [];
  window.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    if (url.pathname.startsWith('/api/v1/')) {
      const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
      requests.push({ path: url.pathname, authorized: headers.has('authorization') });
    }
    return original(input, init);
  };
  return { requests, restore: () => (window.fetch = original) };
}

const loaded = (el: Element) => !!el.shadowRoot?.querySelector('[part~="article"], [part~="articles"], article, li');

describe('gp-provider', () => {
  it('sends no request before the page gives it a token, then every request carries one', async () => {
    const log = recording();
    try {
      const provider = await fixture<GpProvider>(
        html`<gp-provider api-base="/api/v1"><gp-knowledge-base></gp-knowledge-base><gp-server-list no-create></gp-server-list></gp-provider>`,
      );
      const kb = provider.querySelector('gp-knowledge-base')!;
      await (kb as unknown as { updateComplete: Promise<unknown> }).updateComplete;
      expect(log.requests, 'nothing asked without a token').to.deep.equal([]);
      // The portal sets its token source a moment later, as pages that fetch config first do.
      provider.tokenProvider = () => token('acme', 'customer');
      await until(
        () => log.requests.some((r) => r.path.startsWith('/api/v1/kb/')) && log.requests.some((r) => r.path === '/api/v1/servers'),
        'both elements asked',
      );
      expect(
        log.requests.every((r) => r.authorized),
        JSON.stringify(log.requests),
      ).to.be.true;
      await until(() => loaded(kb), 'the knowledge base loaded');
    } finally {
      log.restore();
    }
  });

  it('asks a failing token provider once for a burst of elements, and not again until its wait is over', async () => {
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new Error('the portal backend is down');
    };
    const provider = await fixture<GpProvider>(
      html`<gp-provider api-base="/api/v1" .tokenProvider=${failing}><gp-knowledge-base></gp-knowledge-base><gp-server-list no-create></gp-server-list><gp-knowledge-base></gp-knowledge-base></gp-provider>`,
    );
    const elements = [...provider.children];
    await until(() => elements.every((el) => el.shadowRoot?.querySelector('.state.error')), 'every element shows its error');
    expect(calls, 'one call for three elements').to.equal(1);
    const retry = () => elements[0]!.shadowRoot!.querySelector<HTMLButtonElement>('[part~="retry"]');
    // Trying again at once gets the same refusal without another call.
    const before = elements[0]!.shadowRoot!.querySelector('.state.error');
    retry()!.click();
    await until(() => {
      const now = elements[0]!.shadowRoot!.querySelector('.state.error');
      return now && now !== before;
    }, 'a new error after the retry');
    expect(calls).to.equal(1);
    // A new token source starts afresh.
    provider.tokenProvider = () => token('acme', 'customer');
    await until(() => retry(), 'the retry button');
    retry()!.click();
    await until(() => !elements[0]!.shadowRoot?.querySelector('.state.error') && loaded(elements[0]!), 'loads with the new source');
    await expect(provider).to.be.accessible();
  });
});
