import { DAY, isoDay } from './fake-store.js';
import type { NetSuiteFake } from './fake.js';

/**
 * Demo data: customer 108 (Globex, USD) with 8 invoices (4 paid, 1 overdue, 2 open, 1 open
 * in EUR) and 3 cases; customer 107 (Acme, EUR) with 3 invoices (paid, open, overdue) and
 * 1 case. Dates are relative to the start time so "overdue" stays overdue.
 */
export function seedDemo(fake: NetSuiteFake, t: number) {
  fake.addCustomer({ id: '108', name: 'Globex Corporation', email: 'ap@globex.example', currency: 'USD' });
  fake.addCustomer({ id: '107', name: 'Acme GmbH', email: 'buchhaltung@acme.example', currency: 'EUR' });
  const day = (offset: number) => isoDay(t + offset * DAY);
  const globexLines = (vdc: number) => [
    { item: '201', description: 'Virtual data center AMS1', quantity: 1, rate: vdc, amount: vdc, tax: 0 },
    { item: '202', description: 'Site-to-site VPN', quantity: 2, rate: 4895, amount: 9790, tax: 0 },
  ];
  const globex: [string, number, number, 'A' | 'B', number][] = [
    // tranid, issued (days ago), vdc price, status, days until due from issue
    ['INV-2026-0031', 210, 89000, 'B', 30],
    ['INV-2026-0036', 180, 89000, 'B', 30],
    ['INV-2026-0040', 150, 91000, 'B', 30],
    ['INV-2026-0044', 120, 91000, 'B', 30],
    ['INV-2026-0049', 45, 93000, 'A', 30],
    ['INV-2026-0053', 20, 93000, 'A', 30],
    ['INV-2026-0058', 3, 95000, 'A', 30],
  ];
  for (const [tranid, ago, vdc, status] of globex) {
    const lines = globexLines(vdc);
    const total = lines.reduce((s, l) => s + l.amount, 0);
    fake.addInvoice('108', {
      id: String(4000 + fake.invoices.length),
      tranid,
      trandate: day(-ago),
      duedate: day(-ago + 30),
      status,
      total,
      unpaid: status === 'B' ? 0 : total,
      lines,
      memo: 'Monthly hosting',
    });
  }
  fake.addInvoice('108', {
    id: String(4000 + fake.invoices.length),
    tranid: 'INV-2026-0059',
    trandate: day(-2),
    duedate: day(28),
    currency: 'EUR',
    total: 45000,
    lines: [{ item: '210', description: 'Frankfurt colocation rack, half', quantity: 1, rate: 45000, amount: 45000, tax: 0 }],
    memo: 'Billed in EUR by the German subsidiary',
  });
  for (const [tranid, ago, total, status] of [
    ['ACME-2026-011', 95, 23800, 'B'],
    ['ACME-2026-014', 40, 23800, 'A'],
    ['ACME-2026-017', 5, 25990, 'A'],
  ] as const) {
    const tax = Math.round((total * 19) / 119);
    fake.addInvoice('107', {
      id: String(4000 + fake.invoices.length),
      tranid,
      trandate: day(-ago),
      duedate: day(-ago + 14),
      status,
      total,
      tax,
      unpaid: status === 'B' ? 0 : total,
      lines: [{ item: '301', description: 'Managed Kubernetes, 3 nodes', quantity: 1, rate: total - tax, amount: total - tax, tax }],
    });
  }

  const hours = 3_600_000;
  fake.addCase(
    '108',
    {
      title: 'VPN tunnel to AMS1 drops every night',
      status: '2',
      priority: '2',
      custom: { custevent_gp_urgency: 'major' },
      createdAt: t - 3 * DAY,
      updatedAt: t - 20 * hours,
    },
    [
      { message: 'The site-to-site tunnel to AMS1 drops around 02:00 every night and comes back after about ten minutes.', ago: 3 * DAY },
      {
        message: 'Thanks, we see rekey failures on our side at that time. Can you send your IKE lifetime settings?',
        incoming: false,
        ago: 2 * DAY,
      },
      { message: 'Phase 1 lifetime is 28800 s, phase 2 3600 s.', ago: 20 * hours },
    ],
  );
  fake.addCase(
    '108',
    {
      title: 'Database server db-02 unreachable',
      status: '5',
      priority: '1',
      custom: { custevent_gp_urgency: 'blocker' },
      createdAt: t - 12 * DAY,
      updatedAt: t - 11 * DAY,
    },
    [
      { message: 'db-02 stopped answering on the private network at 09:14.', ago: 12 * DAY },
      { message: 'A failed switch port; the server is back since 09:52. Closing the case.', incoming: false, ago: 11 * DAY },
    ],
  );
  fake.addCase(
    '108',
    {
      title: 'Raise the bandwidth limit for the CDN origin',
      status: '1',
      priority: '3',
      custom: { custevent_gp_urgency: 'minor' },
      createdAt: t - 4 * hours,
      updatedAt: t - 4 * hours,
    },
    [{ message: 'Please raise the origin bandwidth cap from 1 to 2 Gbit/s before our campaign next month.', ago: 4 * hours }],
  );
  fake.addCase(
    '107',
    {
      title: 'Zertifikat für shop.acme.example erneuern',
      status: '2',
      priority: '2',
      custom: { custevent_gp_urgency: 'major' },
      createdAt: t - 2 * DAY,
      updatedAt: t - DAY,
    },
    [{ message: 'Das TLS-Zertifikat läuft in zehn Tagen ab.', ago: 2 * DAY }],
  );
}
