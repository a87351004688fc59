// Type-level checks of the generated framework bindings (checked by `tsc -p elements`,
// never run): the Vue GlobalComponents and the global JSX entries type props and events.
import type { GlobalComponents } from 'vue';
import type {} from '../../types/vue.js';
import type {} from '../../types/jsx.js';

type ServerListProps = InstanceType<GlobalComponents['gp-server-list']>['$props'];
export const vueProps: ServerListProps = {
  noCreate: true,
  onGpServerActionRequested: (event) => {
    const action: 'start' | 'stop' | 'reboot' | string = event.detail.action;
    return action;
  },
};
// @ts-expect-error: noCreate is a boolean.
export const vueWrong: ServerListProps = { noCreate: 'yes' };

export const jsxGauge: JSX.IntrinsicElements['gp-usage-gauge'] = {
  server: 'memcloud:a1',
  'no-upgrade': true,
  range: '7d',
  'ongp-upgrade-requested': (event) => event.detail.serverId,
};
// @ts-expect-error: not a range the gauge knows.
export const jsxWrong: JSX.IntrinsicElements['gp-usage-gauge'] = { range: 'forever' };
