// A React 19 portal using the kit's React wrappers (@glasspane/elements/react): typed props
// set as properties, `onGp…` props for the elements' events, re-renders through React.
import { createElement as h, type ReactElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { GpProvider, GpUsageGauge } from '../../react.js';
import type { UpgradeRequestedDetail, UsageMetric, UsageSeriesAttributes } from '../../index.js';

export interface WrapperPortalProps {
  token: () => Promise<string>;
  series: UsageSeriesAttributes;
  onUpgrade: (detail: UpgradeRequestedDetail) => void;
}

function Portal(props: WrapperPortalProps & { metric: UsageMetric }): ReactElement {
  return h(
    GpProvider,
    { apiBase: '/api/v1', tokenProvider: props.token },
    h(GpUsageGauge, {
      server: 'memcloud:a1',
      serverName: 'web-01',
      metric: props.metric,
      data: props.series,
      // The detail is typed: UpgradeRequestedDetail, from the element's event map.
      onGpUpgradeRequested: (event) => props.onUpgrade(event.detail),
    }),
  );
}

/** Mounts the portal into `container`; `render` re-renders it with another metric, synchronously. */
export function mountWrappers(container: HTMLElement, props: WrapperPortalProps) {
  const root: Root = createRoot(container);
  const render = (metric: UsageMetric) => flushSync(() => root.render(h(Portal, { ...props, metric })));
  render('cpu');
  return { render, unmount: () => root.unmount() };
}
