import { GpAccountCalendar } from './account-calendar.component.js';
import { defineElement } from '../core/define.js';

defineElement('gp-account-calendar', GpAccountCalendar);

export { GpAccountCalendar };

declare global {
  interface HTMLElementTagNameMap {
    'gp-account-calendar': GpAccountCalendar;
  }
  interface GlobalEventHandlersEventMap {
    'gp-navigate': CustomEvent<import('./account-calendar.component.js').NavigateDetail>;
  }
}
