import { GpPaymentMethods } from './payment-methods.component.js';
import { defineElement } from '../core/define.js';

defineElement('gp-payment-methods', GpPaymentMethods);

export { GpPaymentMethods };

declare global {
  interface HTMLElementTagNameMap {
    'gp-payment-methods': GpPaymentMethods;
  }
  interface GlobalEventHandlersEventMap {
    'gp-payment-method-added': CustomEvent<import('./payment-methods.component.js').PaymentMethodDetail>;
    'gp-payment-method-removed': CustomEvent<import('./payment-methods.component.js').PaymentMethodDetail>;
    'gp-autopay-changed': CustomEvent<import('./payment-methods.component.js').AutopayChangedDetail>;
  }
}
