/**
 * The NetSuite fake's support records: supportCase (record, SuiteQL, create and update) and
 * the message records of a case's conversation.
 */
import { INTEGRATION_USER, isoDay, refId, userError, wallTime, type FakeCase, type FakeMessage, type FakeStore } from './fake-store.js';
import type { SuiteqlTable } from './fake-suiteql.js';

const CASE_STATUSES: Record<string, string> = { '1': 'Not Started', '2': 'In Progress', '3': 'Escalated', '4': 'Re-Opened', '5': 'Closed' };
const CASE_PRIORITIES: Record<string, string> = { '1': 'High', '2': 'Medium', '3': 'Low' };

export function caseRecord(store: FakeStore, c: FakeCase) {
  return {
    links: [{ rel: 'self', href: store.href(`/record/v1/supportCase/${c.id}`) }],
    id: c.id,
    caseNumber: c.casenumber,
    title: c.title,
    company: store.ref('customer', c.company, store.entityName(c.company)),
    status: { id: c.status, refName: CASE_STATUSES[c.status] },
    priority: { id: c.priority, refName: CASE_PRIORITIES[c.priority] },
    ...(c.email ? { email: c.email } : {}),
    startDate: isoDay(c.createdAt),
    createdDate: new Date(c.createdAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    lastModifiedDate: new Date(c.updatedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ...c.custom,
  };
}

export function messageRecord(x: FakeMessage) {
  return {
    links: [],
    id: x.id,
    activity: { id: x.activity },
    subject: x.subject,
    message: x.message,
    incoming: x.incoming,
    messageDate: isoDay(x.at),
  };
}

/**
 * The support tables SuiteQL reads: `supportcase` (with the account's custom case fields as
 * columns) and `message` (a case's conversation: `activity` is the case, `author` an entity).
 */
export function supportTables(store: FakeStore): SuiteqlTable[] {
  const { cases, messages, caseFields } = store;
  return [
    {
      name: 'supportcase',
      columns: {
        id: 'id',
        casenumber: 'text',
        title: 'text',
        status: 'id',
        priority: 'id',
        email: 'text',
        company: 'id',
        createddate: 'datetime',
        lastmodifieddate: 'datetime',
        ...Object.fromEntries([...caseFields].map((f) => [f, 'text' as const])),
      },
      rows: () =>
        cases.map((c) => ({
          id: c.id,
          casenumber: c.casenumber,
          title: c.title,
          status: c.status,
          priority: c.priority,
          email: c.email,
          company: c.company,
          createddate: wallTime(c.createdAt),
          lastmodifieddate: wallTime(c.updatedAt),
          ...c.custom,
        })),
      display: {
        status: (id) => CASE_STATUSES[String(id)],
        priority: (id) => CASE_PRIORITIES[String(id)],
        company: (id) => (id === null || id === undefined ? null : store.entityName(String(id))),
      },
    },
    {
      name: 'message',
      columns: { id: 'id', activity: 'id', message: 'text', incoming: 'bool', author: 'id', authoremail: 'text', messagedate: 'datetime' },
      rows: () =>
        messages.map((m) => ({
          id: m.id,
          activity: m.activity,
          message: m.message,
          incoming: m.incoming ? 'T' : 'F',
          author: m.author === null ? INTEGRATION_USER.id : m.author,
          authoremail: m.authorEmail,
          messagedate: wallTime(m.at),
        })),
      display: { author: (id) => (String(id) === INTEGRATION_USER.id ? INTEGRATION_USER.name : store.entityName(String(id))) },
    },
  ];
}

/** Writes a case's fields from a POST or PATCH body, with NetSuite's refusals. */
export function applyCaseFields(store: FakeStore, c: FakeCase, b: Record<string, any>) {
  if (b.title !== undefined) {
    if (typeof b.title !== 'string' || !b.title.trim()) throw userError('Please enter value(s) for: Subject.');
    c.title = b.title;
  }
  if (b.status !== undefined) {
    const id = refId(b.status);
    if (!id || !CASE_STATUSES[id]) throw userError(`Invalid status reference key ${id ?? '(none)'}.`);
    c.status = id;
  }
  if (b.priority !== undefined) {
    const id = refId(b.priority);
    if (!id || !CASE_PRIORITIES[id]) throw userError(`Invalid priority reference key ${id ?? '(none)'}.`);
    c.priority = id;
  }
  if (b.email !== undefined) c.email = typeof b.email === 'string' ? b.email : null;
  // Unknown property names are ignored (NetSuite's default name validation is a warning).
  for (const [k, v] of Object.entries(b)) if (store.caseFields.has(k)) c.custom[k] = String(v);
  c.updatedAt = store.now();
}

export function createCase(store: FakeStore, b: Record<string, any>): string {
  const { now } = store;
  const company = store.customerOf(refId(b.company));
  if (!company) throw userError(`Invalid company reference key ${refId(b.company) ?? '(none)'}.`);
  if (typeof b.title !== 'string' || !b.title.trim()) throw userError('Please enter value(s) for: Subject.');
  const c: FakeCase = {
    id: store.nextId(),
    company: company.id,
    casenumber: store.nextCaseNumber(),
    title: b.title,
    status: '1',
    priority: '2',
    email: null,
    createdAt: now(),
    updatedAt: now(),
    custom: {},
  };
  applyCaseFields(store, c, b);
  store.cases.push(c);
  // A new case files its incoming message as the first message of the conversation.
  if (typeof b.incomingMessage === 'string' && b.incomingMessage) {
    store.messages.push({
      id: store.nextId(),
      activity: c.id,
      subject: c.title,
      message: b.incomingMessage,
      incoming: true,
      author: company.id,
      authorEmail: c.email,
      at: c.createdAt,
    });
  }
  return c.id;
}

export function createMessage(store: FakeStore, b: Record<string, any>): string {
  const { messages, now } = store;
  const c = store.cases.find((x) => x.id === refId(b.activity));
  if (!c) throw userError(`Invalid activity reference key ${refId(b.activity) ?? '(none)'}.`);
  if (typeof b.message !== 'string' || !b.message) throw userError('Please enter value(s) for: Message.');
  const author = b.author === undefined ? null : (store.customerOf(refId(b.author))?.id ?? null);
  if (b.author !== undefined && author === null) throw userError(`Invalid author reference key ${refId(b.author)}.`);
  const m: FakeMessage = {
    id: store.nextId(),
    activity: c.id,
    subject: typeof b.subject === 'string' ? b.subject : c.title,
    message: b.message,
    incoming: b.incoming === true,
    author,
    authorEmail: typeof b.authorEmail === 'string' ? b.authorEmail : null,
    at: Math.max(now(), ...messages.filter((x) => x.activity === c.id).map((x) => x.at)),
  };
  messages.push(m);
  c.updatedAt = now();
  return m.id;
}

/** A case, optionally with its first (description) message and more. */
export function addCase(
  store: FakeStore,
  company: string,
  partial: Partial<FakeCase> & { title: string },
  conversation: { message: string; incoming?: boolean; author?: string | null; ago?: number }[] = [],
): FakeCase {
  if (!store.customerOf(company)) store.addCustomer({ id: company, name: `Customer ${company}` });
  const t = store.now();
  const c: FakeCase = {
    id: store.nextId(),
    company,
    casenumber: store.nextCaseNumber(),
    status: '1',
    priority: '2',
    email: store.customerOf(company)!.email,
    createdAt: t,
    updatedAt: t,
    custom: {},
    ...partial,
  };
  store.cases.push(c);
  for (const m of conversation) {
    const incoming = m.incoming ?? true;
    store.messages.push({
      id: store.nextId(),
      activity: c.id,
      subject: c.title,
      message: m.message,
      incoming,
      author: m.author === undefined ? (incoming ? company : null) : m.author,
      authorEmail: null,
      at: t - (m.ago ?? 0),
    });
  }
  return c;
}
