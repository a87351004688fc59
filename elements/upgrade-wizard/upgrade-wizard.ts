import { GpUpgradeWizard } from './upgrade-wizard.component.js';
import { defineElement } from '../core/define.js';

defineElement('gp-upgrade-wizard', GpUpgradeWizard);

export { GpUpgradeWizard };

declare global {
  interface HTMLElementTagNameMap {
    'gp-upgrade-wizard': GpUpgradeWizard;
  }
  interface GlobalEventHandlersEventMap {
    'gp-before-place-order': CustomEvent<import('./upgrade-wizard.component.js').BeforePlaceOrderDetail>;
    'gp-order-placed': CustomEvent<import('./upgrade-wizard.component.js').OrderPlacedDetail>;
    'gp-escalation-sent': CustomEvent<import('./upgrade-wizard.component.js').EscalationSentDetail>;
  }
}
