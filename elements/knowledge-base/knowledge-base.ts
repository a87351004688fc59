import { GpKnowledgeBase } from './knowledge-base.component.js';
import { defineElement } from '../core/define.js';

defineElement('gp-knowledge-base', GpKnowledgeBase);

export { GpKnowledgeBase };

declare global {
  interface HTMLElementTagNameMap {
    'gp-knowledge-base': GpKnowledgeBase;
  }
}
