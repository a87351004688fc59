import { GpActivityLog } from './activity-log.component.js';
import { defineElement } from '../core/define.js';

defineElement('gp-activity-log', GpActivityLog);

export { GpActivityLog };

declare global {
  interface HTMLElementTagNameMap {
    'gp-activity-log': GpActivityLog;
  }
}
