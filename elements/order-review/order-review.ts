import { GpOrderReview } from './order-review.component.js';
import { defineElement } from '../core/define.js';

defineElement('gp-order-review', GpOrderReview);

export { GpOrderReview };

declare global {
  interface HTMLElementTagNameMap {
    'gp-order-review': GpOrderReview;
  }
  interface GlobalEventHandlersEventMap {
    'gp-order-reviewed': CustomEvent<import('./order-review.component.js').OrderReviewedDetail>;
  }
}
