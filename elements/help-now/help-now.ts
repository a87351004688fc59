import { GpHelpNow } from './help-now.component.js';
import { defineElement } from '../core/define.js';

defineElement('gp-help-now', GpHelpNow);

export { GpHelpNow };

declare global {
  interface HTMLElementTagNameMap {
    'gp-help-now': GpHelpNow;
  }
}
