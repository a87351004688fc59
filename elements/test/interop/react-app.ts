// A React 19 portal embedding the kit, as a partner would: properties, events, children
// and re-renders through React itself (createElement; JSX compiles to the same).
import { createElement as h, useState, type ReactElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { flushSync } from 'react-dom';
import '../../all.js';

export interface ReactPortalProps {
  token: () => Promise<string>;
  series: unknown;
  onUpgrade: (detail: unknown) => void;
}

function Portal(props: ReactPortalProps & { metric: string; label: string }): ReactElement {
  const [clicks, setClicks] = useState(0);
  return h(
    'gp-provider',
    { 'api-base': '/api/v1', tokenProvider: props.token },
    h('h2', { id: 'label' }, `${props.label} (${clicks})`),
    h('gp-usage-gauge', {
      server: 'memcloud:a1',
      'server-name': 'web-01',
      metric: props.metric,
      data: props.series,
      'ongp-upgrade-requested': (e: CustomEvent) => {
        setClicks((n) => n + 1);
        props.onUpgrade(e.detail);
      },
    }),
    h('gp-maintenance-banner', { 'show-all-clear': true }),
  );
}

/** Mounts the portal into `container`; `render` re-renders it with new props, synchronously. */
export function mountReact(container: HTMLElement, props: ReactPortalProps) {
  const root: Root = createRoot(container);
  const render = (metric: string, label: string) => flushSync(() => root.render(h(Portal, { ...props, metric, label })));
  render('cpu', 'React portal');
  return { render, unmount: () => root.unmount() };
}
