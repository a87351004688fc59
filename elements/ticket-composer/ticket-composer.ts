import { GpTicketComposer } from './ticket-composer.component.js';
import { defineElement } from '../core/define.js';
// The composer shows the call path with gp-help-now after a blocker; registered here, not by
// the component module, so the full kit defines every tag in its own order (gp-provider first).
import '../help-now/help-now.js';

defineElement('gp-ticket-composer', GpTicketComposer);

export { GpTicketComposer };

declare global {
  interface HTMLElementTagNameMap {
    'gp-ticket-composer': GpTicketComposer;
  }
  interface GlobalEventHandlersEventMap {
    'gp-before-send-ticket': CustomEvent<import('./ticket-composer.component.js').BeforeSendTicketDetail>;
    'gp-ticket-created': CustomEvent<import('./ticket-composer.component.js').TicketCreatedDetail>;
    'gp-kb-article-requested': CustomEvent<import('./ticket-composer.component.js').ArticleRequestedDetail>;
  }
}
