import { GpTicketComposer } from './ticket-composer.component.js';
import { defineElement } from '../core/define.js';

defineElement('gp-ticket-composer', GpTicketComposer);

export { GpTicketComposer };

declare global {
  interface HTMLElementTagNameMap {
    'gp-ticket-composer': GpTicketComposer;
  }
  interface GlobalEventHandlersEventMap {
    'gp-ticket-created': CustomEvent<import('./ticket-composer.component.js').TicketCreatedDetail>;
    'gp-kb-article-requested': CustomEvent<import('./ticket-composer.component.js').ArticleRequestedDetail>;
  }
}
