import { GpProvider } from './provider.component.js';
import { defineElement } from '../core/define.js';

defineElement('gp-provider', GpProvider);

export { GpProvider };

declare global {
  interface HTMLElementTagNameMap {
    'gp-provider': GpProvider;
  }
  interface GlobalEventHandlersEventMap {
    'gp-branding-loaded': CustomEvent<import('./provider.component.js').TenantBranding>;
  }
}
