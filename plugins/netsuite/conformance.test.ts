import { billingProviderConformance, supportProviderConformance } from '@glasspane/host/testing';
import { startNetSuiteFake } from './fake.js';
import { NetSuiteBillingProvider } from './billing.js';
import { NetSuiteClient } from './client.js';
import { NetSuiteSupportProvider } from './support.js';

billingProviderConformance('netsuite', async () => {
  const fake = await startNetSuiteFake();
  fake.addCustomer({ id: '107', name: 'Acme GmbH', currency: 'EUR' });
  fake.addCustomer({ id: '108', name: 'Globex', currency: 'USD' });
  fake.addInvoice('107', { id: '801', total: 11_900, tax: 1_900, currency: 'EUR' });
  const theirs = fake.addInvoice('108', { id: '901', total: 5_000, currency: 'USD' });
  return {
    provider: new NetSuiteBillingProvider(new NetSuiteClient({ ...fake.config, retryBaseMs: 5 }), { chargeItemId: '15' }),
    account: '107',
    foreignInvoiceId: theirs.id,
    paymentsRecorded: () => fake.payments.filter((p) => p.customer === '107').length,
    close: fake.close,
  };
});

supportProviderConformance('netsuite', async () => {
  const fake = await startNetSuiteFake();
  fake.addCustomer({ id: '107', name: 'Acme GmbH' });
  fake.addCustomer({ id: '108', name: 'Globex Corporation' });
  const support = new NetSuiteSupportProvider(new NetSuiteClient({ ...fake.config, retryBaseMs: 5 }));
  const theirs = await support.createTicket('108', {
    subject: 'Their ticket',
    description: 'Not yours',
    urgency: 'minor',
    serviceId: null,
    requester: 'it@globex.example',
  });
  return { provider: support, account: '107', foreignTicketId: theirs.id, close: fake.close };
});
