import { GpUsageGauge } from './usage-gauge.component.js';
import { defineElement } from '../core/define.js';

defineElement('gp-usage-gauge', GpUsageGauge);

export { GpUsageGauge };

declare global {
  interface HTMLElementTagNameMap {
    'gp-usage-gauge': GpUsageGauge;
  }
  interface GlobalEventHandlersEventMap {
    'gp-upgrade-requested': CustomEvent<import('./usage-gauge.component.js').UpgradeRequestedDetail>;
    'gp-usage-chart-drawn': CustomEvent<{ points: number }>;
  }
}
