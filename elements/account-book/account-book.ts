import { GpAccountBook } from './account-book.component.js';
import { defineElement } from '../core/define.js';

defineElement('gp-account-book', GpAccountBook);

export { GpAccountBook };

declare global {
  interface HTMLElementTagNameMap {
    'gp-account-book': GpAccountBook;
  }
  interface GlobalEventHandlersEventMap {
    'gp-account-open': CustomEvent<import('./account-book.component.js').AccountOpenDetail>;
  }
}
