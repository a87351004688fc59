import { GpContactMatrix } from './contact-matrix.component.js';
import { defineElement } from '../core/define.js';

defineElement('gp-contact-matrix', GpContactMatrix);

export { GpContactMatrix };

declare global {
  interface HTMLElementTagNameMap {
    'gp-contact-matrix': GpContactMatrix;
  }
}
