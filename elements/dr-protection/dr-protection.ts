import { GpDrProtection } from './dr-protection.component.js';
import { defineElement } from '../core/define.js';

defineElement('gp-dr-protection', GpDrProtection);

export { GpDrProtection };

declare global {
  interface HTMLElementTagNameMap {
    'gp-dr-protection': GpDrProtection;
  }
  interface GlobalEventHandlersEventMap {
    'gp-protection-tier-requested': CustomEvent<import('./dr-protection.component.js').ProtectionTierRequestedDetail>;
  }
}
