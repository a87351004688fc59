import { GpTicketList } from './ticket-list.component.js';
import { defineElement } from '../core/define.js';

defineElement('gp-ticket-list', GpTicketList);

export { GpTicketList };

declare global {
  interface HTMLElementTagNameMap {
    'gp-ticket-list': GpTicketList;
  }
  interface GlobalEventHandlersEventMap {
    'gp-ticket-replied': CustomEvent<{ ticketId: string }>;
    'gp-ticket-state-changed': CustomEvent<{ ticketId: string; status: string }>;
  }
}
