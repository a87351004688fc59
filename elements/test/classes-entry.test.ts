import { expect } from '@open-wc/testing';
// Only the side-effect-free entry (`@glasspane/elements/classes`): this page defines nothing else.
import { defineElements, GpInvoiceList, GpTicketComposer } from '../index.js';

describe('@glasspane/elements/classes', () => {
  it('defines no tag by itself, so a partner can register the kit under its own prefix only', () => {
    expect(GpInvoiceList).to.be.a('function');
    expect(GpTicketComposer).to.be.a('function');
    const defined = ['provider', 'invoice-list', 'payment-methods', 'ticket-composer', 'help-now'].filter((n) =>
      customElements.get(`gp-${n}`),
    );
    expect(defined).to.deep.equal([], 'gp- tags defined by importing the classes');
  });

  it('a partner prefix alone defines the partner tags and still no gp- tag', () => {
    defineElements({ prefix: 'acme' });
    expect(customElements.get('acme-payment-methods')).to.be.a('function');
    expect(customElements.get('acme-help-now')).to.be.a('function');
    expect(customElements.get('gp-payment-methods')).to.equal(undefined);
    expect(customElements.get('gp-help-now')).to.equal(undefined);
  });
});
