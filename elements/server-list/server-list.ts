import { GpServerList } from './server-list.component.js';
import { defineElement } from '../core/define.js';

defineElement('gp-server-list', GpServerList);

export { GpServerList };

declare global {
  interface HTMLElementTagNameMap {
    'gp-server-list': GpServerList;
  }
  interface GlobalEventHandlersEventMap {
    'gp-before-server-action': CustomEvent<import('./server-list.component.js').BeforeServerActionDetail>;
    'gp-server-action-requested': CustomEvent<import('./server-list.component.js').ServerActionDetail>;
    'gp-server-created': CustomEvent<import('./server-list.component.js').ServerCreatedDetail>;
  }
}
