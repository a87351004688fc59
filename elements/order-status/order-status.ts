import { GpOrderStatus } from './order-status.component.js';
import { defineElement } from '../core/define.js';

defineElement('gp-order-status', GpOrderStatus);

export { GpOrderStatus };

declare global {
  interface HTMLElementTagNameMap {
    'gp-order-status': GpOrderStatus;
  }
}
