// A Vue 3 portal embedding the kit: properties, events (Vue hyphenates onXxx listeners),
// slots (a slotted child of gp-provider) and reactive re-renders.
import { createApp, h, nextTick, reactive } from 'vue';
import '../../all.js';

export function mountVue(
  container: HTMLElement,
  props: { token: () => Promise<string>; series: unknown; onUpgrade: (detail: unknown) => void },
) {
  const state = reactive({ metric: 'cpu', label: 'Vue portal', clicks: 0 });
  const app = createApp({
    render: () =>
      h('gp-provider', { 'api-base': '/api/v1', tokenProvider: props.token }, [
        h('h2', { id: 'label' }, `${state.label} (${state.clicks})`),
        h('gp-usage-gauge', {
          server: 'memcloud:a1',
          'server-name': 'web-01',
          metric: state.metric,
          data: props.series,
          onGpUpgradeRequested: (e: CustomEvent) => {
            state.clicks++;
            props.onUpgrade(e.detail);
          },
        }),
        h('gp-maintenance-banner', { 'show-all-clear': '' }),
      ]),
  });
  app.config.compilerOptions.isCustomElement = (tag) => tag.startsWith('gp-');
  app.mount(container);
  return {
    async set(metric: string, label: string) {
      state.metric = metric;
      state.label = label;
      await nextTick();
    },
    unmount: () => app.unmount(),
  };
}
