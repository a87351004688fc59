import { expect } from '@open-wc/testing';
import { token, until } from '../helpers.js';
// Built by web-test-runner.config.mjs from react-app.ts and vue-app.ts.
// @ts-expect-error: a build output, typed by the sources it is built from.
import { mountReact } from './.built/react.js';
// @ts-expect-error: as above.
import { mountVue } from './.built/vue.js';
// @ts-expect-error: as above.
import { mountWrappers } from './.built/react-wrappers.js';

type Mount = typeof import('./react-app.js').mountReact;
type MountVue = typeof import('./vue-app.js').mountVue;
type MountWrappers = typeof import('./react-wrappers-app.js').mountWrappers;

const series = {
  metric: 'cpu',
  unit: 'percent',
  capacity: 100,
  resolution: 'raw',
  times: [1_700_000_000, 1_700_000_060, 1_700_000_120],
  values: [40, 99, 100],
  stats: { peak: 100, p95: 99, shareAbove90: 0.6, limitHits: 1, current: 100, capacity: 100 },
};
const tokenFn = async () => (await token('acme')).token;

for (const [framework, mount] of [
  [
    'React 19',
    async (container: HTMLElement, onUpgrade: (d: unknown) => void) => {
      const app = (mountReact as Mount)(container, { token: tokenFn, series, onUpgrade });
      return { rerender: async (metric: string, label: string) => app.render(metric, label), unmount: app.unmount };
    },
  ],
  [
    'Vue 3',
    async (container: HTMLElement, onUpgrade: (d: unknown) => void) => {
      const app = (mountVue as MountVue)(container, { token: tokenFn, series, onUpgrade });
      return { rerender: (metric: string, label: string) => app.set(metric, label), unmount: app.unmount };
    },
  ],
] as const) {
  describe(`the kit inside ${framework}`, () => {
    it('takes properties (objects, not strings), fires events the framework hears, renders slotted content, and survives re-renders', async () => {
      const container = document.createElement('div');
      document.body.append(container);
      const heard: unknown[] = [];
      const app = await mount(container, (d) => heard.push(d));
      try {
        const gauge = container.querySelector('gp-usage-gauge') as HTMLElement & { data: unknown; metric: string };
        const provider = container.querySelector('gp-provider')!;
        expect(gauge.data, 'the series arrived as an object property').to.equal(series);
        expect(provider.querySelector('#label')!.textContent, 'framework children are slotted').to.equal(
          `${framework === 'React 19' ? 'React' : 'Vue'} portal (0)`,
        );
        await until(() => gauge.shadowRoot?.textContent?.includes('At the CPU limit once'), 'the gauge rendered the property data');
        await until(
          () => container.querySelector('gp-maintenance-banner')!.shadowRoot?.textContent?.trim(),
          'the banner reached the host through the provider',
        );

        gauge.shadowRoot!.querySelector<HTMLButtonElement>('[part="upgrade"]')!.click();
        await until(() => heard.length === 1, 'the framework handler ran');
        expect(heard[0]).to.deep.include({ serverId: 'memcloud:a1', metric: 'cpu', peak: 100 });
        await until(() => provider.querySelector('#label')!.textContent!.endsWith('(1)'), 'and its state re-rendered the page');

        await app.rerender('memory', 'Re-rendered');
        await until(() => gauge.getAttribute('metric') === 'memory', 'a new property value reached the same element');
        expect(container.querySelector('gp-usage-gauge'), 'the element was kept, not recreated').to.equal(gauge);
        await until(() => gauge.shadowRoot!.textContent!.includes('Memory usage of web-01'), 'and it re-rendered');
      } finally {
        app.unmount();
        container.remove();
      }
    });
  });
}

describe('the React wrappers (@glasspane/elements/react) in React 19', () => {
  it('set their props as properties, call the onGp… prop with the event, and keep the element across re-renders', async () => {
    const container = document.createElement('div');
    document.body.append(container);
    const heard: unknown[] = [];
    const app = (mountWrappers as MountWrappers)(container, { token: tokenFn, series: series as never, onUpgrade: (d) => heard.push(d) });
    try {
      const provider = container.querySelector('gp-provider') as HTMLElement & { apiBase: string; tokenProvider: unknown };
      const gauge = container.querySelector('gp-usage-gauge') as HTMLElement & { data: unknown; metric: string; serverName: string };
      expect(provider.tokenProvider, 'a function prop reached the provider as a property').to.equal(tokenFn);
      expect(provider.apiBase).to.equal('/api/v1');
      expect(gauge.data, 'the series arrived as an object property').to.equal(series);
      expect(gauge.serverName).to.equal('web-01');
      await until(() => gauge.shadowRoot?.textContent?.includes('At the CPU limit once'), 'the gauge rendered the property data');

      gauge.shadowRoot!.querySelector<HTMLButtonElement>('[part="upgrade"]')!.click();
      await until(() => heard.length === 1, 'onGpUpgradeRequested ran');
      expect(heard[0]).to.deep.include({ serverId: 'memcloud:a1', metric: 'cpu', peak: 100 });

      app.render('memory');
      expect(container.querySelector('gp-usage-gauge'), 'the element was kept, not recreated').to.equal(gauge);
      expect(gauge.metric).to.equal('memory');
      await until(() => gauge.shadowRoot!.textContent!.includes('Memory usage of web-01'), 'and it re-rendered');
    } finally {
      app.unmount();
      container.remove();
    }
  });
});

describe('the kit in a plain server-rendered page', () => {
  it('upgrades markup that arrived before the script, with its attributes, under a partner prefix too', async () => {
    // What a server template sends: tags and attributes, no properties, the kit loaded later.
    const page = document.createElement('div');
    page.innerHTML = `<ssr-provider api-base="/api/v1" locale="de">
      <ssr-usage-gauge server="memcloud:a1" server-name="web-01" metric="memory" range="24h" no-upgrade></ssr-usage-gauge>
      <ssr-maintenance-banner show-all-clear></ssr-maintenance-banner>
    </ssr-provider>`;
    document.body.append(page);
    const provider = page.querySelector('ssr-provider') as HTMLElement & { tokenProvider?: () => Promise<string> };
    provider.tokenProvider = tokenFn; // set before upgrade, as a portal script might
    expect(customElements.get('ssr-usage-gauge'), 'not defined yet').to.equal(undefined);
    const { defineElements } = await import('../../index.js');
    defineElements({ prefix: 'ssr' });
    try {
      const gauge = page.querySelector('ssr-usage-gauge') as HTMLElement & { metric: string; noUpgrade: boolean };
      expect(gauge.metric).to.equal('memory');
      expect(gauge.noUpgrade).to.be.true;
      await until(
        () => gauge.shadowRoot?.textContent?.includes('Arbeitsspeicher-Auslastung von web-01'),
        'rendered from attributes, in the provider’s language',
      );
      await until(
        () => page.querySelector('ssr-maintenance-banner')!.shadowRoot?.textContent?.trim(),
        'the banner loaded through the upgraded provider',
      );
      expect(gauge.shadowRoot!.querySelector('[part="upgrade"]'), 'no-upgrade attribute honoured').to.equal(null);
    } finally {
      page.remove();
    }
  });
});
