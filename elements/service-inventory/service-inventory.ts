import { GpServiceInventory } from './service-inventory.component.js';
import { defineElement } from '../core/define.js';

defineElement('gp-service-inventory', GpServiceInventory);

export { GpServiceInventory };

declare global {
  interface HTMLElementTagNameMap {
    'gp-service-inventory': GpServiceInventory;
  }
  interface GlobalEventHandlersEventMap {
    'gp-renewal-requested': CustomEvent<import('./service-inventory.component.js').RenewalRequestedDetail>;
  }
}
