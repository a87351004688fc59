import { GpPciChecklist } from './pci-checklist.component.js';
import { defineElement } from '../core/define.js';

defineElement('gp-pci-checklist', GpPciChecklist);

export { GpPciChecklist };

declare global {
  interface HTMLElementTagNameMap {
    'gp-pci-checklist': GpPciChecklist;
  }
  interface GlobalEventHandlersEventMap {
    'gp-pci-item-saved': CustomEvent<import('./pci-checklist.component.js').PciItemSavedDetail>;
    'gp-pci-reviewed': CustomEvent<import('./pci-checklist.component.js').PciReviewedDetail>;
  }
}
