/** Demo content: knowledge-base articles, a contact matrix and acme's subscriptions. */

export const KB_ARTICLES: { slug: string; title: string; category: string; locale: 'en' | 'de'; body: string }[] = [
  {
    slug: 'reset-server-password',
    title: 'Reset the root password of a server',
    category: 'Servers',
    locale: 'en',
    body: `If you lost the root password of a Linux server, you do not need to open a ticket.

1. Open **Servers** and choose the server.
2. Choose **Stop** and wait until the status shows *stopped*.
3. Choose **Rescue mode**; the console shows a temporary password.
4. Mount the system disk and run \`passwd\` in a chroot.

The server keeps its IP addresses and data. If the server is a database primary, fail over first.`,
  },
  {
    slug: 'website-slow-cpu-limit',
    title: 'My website is slow: is the server at its CPU limit?',
    category: 'Performance',
    locale: 'en',
    body: `Open **Usage** for the server. If the CPU gauge shows the server *at the limit* several times a day, requests wait for CPU time and pages get slow.

- Short peaks during backups or cron jobs are normal.
- Hours at the limit mean the plan is too small: choose **Upgrade** on the gauge.
- Memory close to capacity makes the system swap, which looks like CPU load too.`,
  },
  {
    slug: 'ssl-certificate-renewal',
    title: 'Renew an SSL certificate before it expires',
    category: 'Domains and SSL',
    locale: 'en',
    body: `Certificates we manage renew automatically 30 days before expiry. Certificates you uploaded yourself show a warning in **Services** 30 days before they expire.

Upload the renewed certificate with its full chain; the old one stays active until the new one is installed.`,
  },
  {
    slug: 'firewall-ports',
    title: 'Open a port in the firewall',
    category: 'Network',
    locale: 'en',
    body: `Every server starts with ports 22, 80 and 443 open. To open another port, add a rule in the server's security group. Rules take effect within a minute; no restart is needed.`,
  },
  {
    slug: 'invoice-payment-methods',
    title: 'Pay invoices by card or bank transfer, or turn on automatic payment',
    category: 'Billing',
    locale: 'en',
    body: `In **Billing** select the invoices to pay and choose a saved card or US bank account.

Turn on **Automatic payment** to have open invoices charged on their due date. You can turn it off at any time; nothing is charged without a saved method.`,
  },
  {
    slug: 'reset-server-password',
    title: 'Root-Passwort eines Servers zurücksetzen',
    category: 'Server',
    locale: 'de',
    body: `Wenn Sie das Root-Passwort eines Linux-Servers verloren haben, brauchen Sie kein Ticket.

1. Öffnen Sie **Server** und wählen Sie den Server.
2. Wählen Sie **Stoppen** und warten Sie, bis der Status *gestoppt* zeigt.
3. Wählen Sie **Rettungsmodus**; die Konsole zeigt ein vorläufiges Passwort.
4. Hängen Sie die Systemplatte ein und führen Sie \`passwd\` in einer chroot-Umgebung aus.

Der Server behält seine IP-Adressen und Daten. Ist der Server ein primärer Datenbankserver, schalten Sie vorher um.`,
  },
  {
    slug: 'website-slow-cpu-limit',
    title: 'Meine Website ist langsam: Ist der Server am CPU-Limit?',
    category: 'Leistung',
    locale: 'de',
    body: `Öffnen Sie **Auslastung** für den Server. Zeigt die CPU-Anzeige mehrmals am Tag *am Limit*, warten Anfragen auf Rechenzeit und Seiten werden langsam.

- Kurze Spitzen während Backups oder Cron-Jobs sind normal.
- Stunden am Limit bedeuten, dass der Tarif zu klein ist: Wählen Sie **Upgrade** an der Anzeige.
- Ist der Arbeitsspeicher fast voll, lagert das System aus, was ebenfalls wie CPU-Last aussieht.`,
  },
  {
    slug: 'ssl-certificate-renewal',
    title: 'Ein SSL-Zertifikat vor dem Ablauf verlängern',
    category: 'Domains und SSL',
    locale: 'de',
    body: `Zertifikate, die wir verwalten, verlängern sich 30 Tage vor dem Ablauf automatisch. Selbst hochgeladene Zertifikate zeigen 30 Tage vor dem Ablauf eine Warnung unter **Dienste**.

Laden Sie das verlängerte Zertifikat mit der vollständigen Kette hoch; das alte bleibt aktiv, bis das neue installiert ist.`,
  },
  {
    slug: 'firewall-ports',
    title: 'Einen Port in der Firewall öffnen',
    category: 'Netzwerk',
    locale: 'de',
    body: `Jeder Server startet mit offenen Ports 22, 80 und 443. Um einen weiteren Port zu öffnen, fügen Sie der Sicherheitsgruppe des Servers eine Regel hinzu. Regeln wirken innerhalb einer Minute; ein Neustart ist nicht nötig.`,
  },
  {
    slug: 'invoice-payment-methods',
    title: 'Rechnungen per Karte oder Überweisung bezahlen oder automatische Zahlung einschalten',
    category: 'Abrechnung',
    locale: 'de',
    body: `Wählen Sie unter **Abrechnung** die Rechnungen aus und bezahlen Sie mit einer gespeicherten Karte oder einem US-Bankkonto.

Schalten Sie **Automatische Zahlung** ein, damit offene Rechnungen am Fälligkeitstag belastet werden. Sie können sie jederzeit ausschalten; ohne gespeicherte Zahlungsart wird nichts belastet.`,
  },
];

export const ACME_MATRIX = {
  name: 'Acme web shop',
  timeZone: 'Europe/Berlin',
  serviceHours: [{ days: [1, 2, 3, 4, 5], from: '08:00', to: '18:00' }],
  holidays: ['2026-12-24', '2026-12-25', '2026-12-26', '2027-01-01'],
  contacts: [
    {
      id: 'desk',
      name: 'Nimbus Service Desk',
      translations: { de: { name: 'Nimbus Servicedesk' } },
      role: 'service-desk',
      phone: '+49 30 5550 100',
      email: 'desk@nimbus.example',
    },
    { id: 'sdm', name: 'Sabine Kraus', role: 'service-delivery-manager', phone: '+49 30 5550 142', email: 'sabine.kraus@nimbus.example' },
    {
      id: 'brm',
      name: 'Jonas Weber',
      role: 'business-relationship-manager',
      phone: '+49 30 5550 118',
      email: 'jonas.weber@nimbus.example',
    },
    {
      id: 'oncall',
      name: 'On-call engineer',
      role: 'on-call-engineer',
      phone: '+49 30 5550 999',
      email: null,
      translations: { de: { name: 'Techniker in Rufbereitschaft' } },
    },
  ],
  escalation: {
    blocker: [
      { contactId: 'desk', afterMinutes: 0 },
      { contactId: 'sdm', afterMinutes: 15 },
      { contactId: 'brm', afterMinutes: 60 },
    ],
    critical: [
      { contactId: 'desk', afterMinutes: 0 },
      { contactId: 'sdm', afterMinutes: 60 },
    ],
    major: [{ contactId: 'desk', afterMinutes: 0 }],
    minor: [{ contactId: 'desk', afterMinutes: 0 }],
  },
  onCall: {
    blocker: [
      { contactId: 'oncall', afterMinutes: 0 },
      { contactId: 'sdm', afterMinutes: 30 },
    ],
    critical: [{ contactId: 'oncall', afterMinutes: 0 }],
  },
};

/** Months of a managed platform: invoices from September on, one of them overdue. */
export function acmeSubscriptions(today: Date) {
  const month = (offset: number) => {
    const d = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + offset, 1));
    return d.toISOString().slice(0, 10);
  };
  return [
    {
      id: 'managed-m',
      description: 'Managed server M (4 vCPU, 8 GB)',
      quantity: 3,
      unitAmount: 12_900,
      currency: 'EUR',
      taxRateBp: 1900,
      nextInvoiceOn: month(-3),
    },
    {
      id: 'backup-500',
      description: 'Backup 500 GB',
      quantity: 1,
      unitAmount: 2_500,
      currency: 'EUR',
      taxRateBp: 1900,
      nextInvoiceOn: month(-3),
    },
    {
      id: 'support-plus',
      description: 'Support Plus (24/7)',
      quantity: 1,
      unitAmount: 19_900,
      currency: 'EUR',
      taxRateBp: 1900,
      nextInvoiceOn: month(-1),
    },
  ];
}

/** Nimbus's catalog: cloud servers sized like the OpenStack flavors, dedicated hardware, add-ons. */
export const CATALOG: [string, Record<string, unknown>][] = [
  [
    'cloud-s',
    {
      product: 'cloud',
      kind: 'plan',
      name: 'Cloud S',
      description: '1 vCPU, 2 GB',
      currency: 'EUR',
      monthlyAmount: 990,
      rank: 1,
      capacity: { vcpus: 1, ramMb: 2048, diskGb: 20, bandwidthMbit: 500 },
    },
  ],
  [
    'cloud-m',
    {
      product: 'cloud',
      kind: 'plan',
      name: 'Cloud M',
      description: '2 vCPU, 4 GB',
      currency: 'EUR',
      monthlyAmount: 1990,
      rank: 2,
      capacity: { vcpus: 2, ramMb: 4096, diskGb: 40, bandwidthMbit: 1000 },
    },
  ],
  [
    'cloud-l',
    {
      product: 'cloud',
      kind: 'plan',
      name: 'Cloud L',
      description: '4 vCPU, 8 GB',
      currency: 'EUR',
      monthlyAmount: 3990,
      rank: 3,
      capacity: { vcpus: 4, ramMb: 8192, diskGb: 80, bandwidthMbit: 1000 },
    },
  ],
  [
    'cloud-xl',
    {
      product: 'cloud',
      kind: 'plan',
      name: 'Cloud XL',
      description: '8 vCPU, 32 GB',
      currency: 'EUR',
      monthlyAmount: 8990,
      rank: 4,
      capacity: { vcpus: 8, ramMb: 32768, diskGb: 500, bandwidthMbit: 2000 },
    },
  ],
  [
    'dedicated-g1',
    {
      product: 'dedicated',
      kind: 'plan',
      name: 'Dedicated R640 (2019)',
      description: '2× Xeon Silver, 128 GB',
      translations: { de: { name: 'Dedizierter R640 (2019)' } },
      currency: 'EUR',
      monthlyAmount: 14900,
      rank: 1,
      hardware: true,
      termMonths: 24,
    },
  ],
  [
    'dedicated-g2',
    {
      product: 'dedicated',
      kind: 'plan',
      name: 'Dedicated R660 (2024)',
      description: '2× Xeon Gold, 256 GB',
      translations: { de: { name: 'Dedizierter R660 (2024)' } },
      currency: 'EUR',
      monthlyAmount: 16900,
      rank: 2,
      hardware: true,
      termMonths: 24,
    },
  ],
  [
    'backup-daily',
    {
      product: 'cloud',
      kind: 'addon',
      name: 'Daily backup, 14 days kept',
      translations: { de: { name: 'Tägliches Backup, 14 Tage aufbewahrt' } },
      currency: 'EUR',
      monthlyAmount: 1500,
    },
  ],
  [
    'ipv4-extra',
    {
      product: '*',
      kind: 'addon',
      name: 'Additional IPv4 address',
      translations: { de: { name: 'Zusätzliche IPv4-Adresse' } },
      currency: 'EUR',
      monthlyAmount: 300,
    },
  ],
  [
    'ssl-dv',
    {
      product: 'ssl',
      kind: 'plan',
      name: 'SSL certificate (DV)',
      translations: { de: { name: 'SSL-Zertifikat (DV)' } },
      currency: 'EUR',
      monthlyAmount: 490,
      termMonths: 12,
    },
  ],
  [
    'domain-com',
    {
      product: 'domain',
      kind: 'plan',
      name: '.com domain',
      translations: { de: { name: '.com-Domain' } },
      currency: 'EUR',
      monthlyAmount: 150,
      termMonths: 12,
    },
  ],
  [
    'ddos-protect',
    {
      product: '*',
      kind: 'addon',
      name: 'DDoS protection',
      translations: { de: { name: 'DDoS-Schutz' } },
      currency: 'EUR',
      monthlyAmount: 4900,
    },
  ],
  [
    'dr-daily',
    {
      product: '*',
      kind: 'addon',
      name: 'DR Basic: daily snapshots',
      description: 'A snapshot every night, kept 7 days.',
      translations: { de: { name: 'DR Basic: tägliche Snapshots', description: 'Jede Nacht ein Snapshot, 7 Tage aufbewahrt.' } },
      currency: 'EUR',
      monthlyAmount: 900,
      rank: 1,
    },
  ],
  [
    'dr-hourly',
    {
      product: '*',
      kind: 'addon',
      name: 'DR Plus: hourly, replicated',
      description: 'A snapshot every hour, kept 3 days, copied to our second site.',
      translations: {
        de: {
          name: 'DR Plus: stündlich, repliziert',
          description: 'Jede Stunde ein Snapshot, 3 Tage aufbewahrt, in unser zweites Rechenzentrum kopiert.',
        },
      },
      currency: 'EUR',
      monthlyAmount: 2500,
      rank: 2,
    },
  ],
  [
    'dr-continuous',
    {
      product: '*',
      kind: 'addon',
      name: 'DR Pro: 15 minutes, tested monthly',
      description: 'A snapshot every 15 minutes, kept 14 days, replicated, with a test restore every month.',
      translations: {
        de: {
          name: 'DR Pro: 15 Minuten, monatlich getestet',
          description: 'Alle 15 Minuten ein Snapshot, 14 Tage aufbewahrt, repliziert, mit einer monatlichen Testwiederherstellung.',
        },
      },
      currency: 'EUR',
      monthlyAmount: 5900,
      rank: 3,
    },
  ],
];

/** The disaster-recovery tiers among the catalog's add-ons: recovery point, cadence, retention. */
export const PROTECTION_TIERS: [
  string,
  { rpoMinutes: number; snapshotEveryMinutes: number; retentionDays: number; replication: boolean; testRestoreDays: number | null },
][] = [
  ['dr-daily', { rpoMinutes: 1440, snapshotEveryMinutes: 1440, retentionDays: 7, replication: false, testRestoreDays: null }],
  ['dr-hourly', { rpoMinutes: 60, snapshotEveryMinutes: 60, retentionDays: 3, replication: true, testRestoreDays: null }],
  ['dr-continuous', { rpoMinutes: 15, snapshotEveryMinutes: 15, retentionDays: 14, replication: true, testRestoreDays: 30 }],
];

/** Which plan each demo server (by name) or service is on. */
export const SERVICE_PLANS: Record<
  string,
  Record<
    string,
    {
      planId: string;
      anchorDay: number;
      startedOn: string;
      renewsOn: string;
      device?: string;
      kind?: string;
      addons?: { id: string; monthlyAmount: number }[];
    }
  >
> = {
  acme: {
    // web-01's nightly snapshots stopped (the Tintri fake's newest is 30 h old): outside its recovery point.
    'web-01': {
      planId: 'cloud-m',
      anchorDay: 1,
      startedOn: '2025-03-01',
      renewsOn: '2027-03-01',
      addons: [{ id: 'dr-daily', monthlyAmount: 900 }],
    },
    'web-02': {
      planId: 'cloud-m',
      anchorDay: 1,
      startedOn: '2025-03-01',
      renewsOn: '2027-03-01',
      addons: [{ id: 'dr-hourly', monthlyAmount: 2500 }],
    },
    'db-01': {
      planId: 'cloud-l',
      anchorDay: 1,
      startedOn: '2024-06-01',
      renewsOn: '2026-12-01',
      addons: [{ id: 'dr-daily', monthlyAmount: 900 }],
    },
    'bm-01': {
      kind: 'dedicated',
      planId: 'dedicated-g1',
      anchorDay: 15,
      startedOn: '2019-11-15',
      renewsOn: '2027-11-15',
      device: 'Dell PowerEdge R640, service tag 7XK2P1',
    },
  },
  globex: {
    'app-01': { planId: 'cloud-l', anchorDay: 10, startedOn: '2025-01-10', renewsOn: '2027-01-10' },
    'app-02': { planId: 'cloud-l', anchorDay: 10, startedOn: '2025-01-10', renewsOn: '2027-01-10' },
    'db-01': { planId: 'cloud-xl', anchorDay: 10, startedOn: '2025-01-10', renewsOn: '2027-01-10' },
  },
};

/** Tickets of acme's past months (the local service desk's history): subject, urgency, days ago. */
export const ACME_TICKET_HISTORY: [string, 'blocker' | 'critical' | 'major' | 'minor', number][] = [
  ['Cannot reach the staging server over SSH', 'major', 118],
  ['Please add a DNS record for mail', 'minor', 104],
  ['Invoice address has changed', 'minor', 96],
  ['Shop slow during the sale', 'critical', 83],
  ['Backup restore of one table', 'major', 71],
  ['New user for the monitoring dashboard', 'minor', 57],
  ['TLS warning in an old browser', 'minor', 44],
  ['Disk almost full on db-01', 'major', 30],
  ['Checkout fails for card payments', 'blocker', 9],
  ['Mail from the shop lands in spam', 'major', 3],
];
