import { GpMaintenanceBanner } from './maintenance-banner.component.js';
import { defineElement } from '../core/define.js';

defineElement('gp-maintenance-banner', GpMaintenanceBanner);

export { GpMaintenanceBanner };

declare global {
  interface HTMLElementTagNameMap {
    'gp-maintenance-banner': GpMaintenanceBanner;
  }
  interface GlobalEventHandlersEventMap {
    'gp-maintenance-dismissed': CustomEvent<import('./maintenance-banner.component.js').MaintenanceDismissedDetail>;
  }
}
