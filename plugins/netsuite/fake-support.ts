/**
 * The NetSuite fake's support records: supportCase (record, SuiteQL, create and update) and
 * the message records of a case's conversation.
 */
import { isoDay, refId, Refusal, row, userError, wallTime, type FakeCase, type FakeMessage, type FakeStore, type QueryShape } from './fake-store.js';

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
  return { links: [], id: x.id, activity: { id: x.activity }, subject: x.subject, message: x.message, incoming: x.incoming, messageDate: isoDay(x.at) };
}

const byDateThenId = (a: FakeMessage, b: FakeMessage) => a.at - b.at || Number(a.id) - Number(b.id);

const DT = `'YYYY-MM-DD"T"HH24:MI:SS'`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const MESSAGE_COLUMNS = `m\\.id, m\\.activity, m\\.message, m\\.incoming, BUILTIN\\.DF\\(m\\.author\\) AS authorname, m\\.authoremail, TO_CHAR\\(m\\.messagedate, ${DT}\\) AS messagedate`;

/** The case and message queries the plugin sends. */
export function supportQueries(store: FakeStore): QueryShape[] {
  const { cases, messages, caseFields } = store;
  const messageRow = (m: FakeMessage) =>
    row({
      id: m.id,
      activity: m.activity,
      message: m.message,
      incoming: m.incoming ? 'T' : 'F',
      authorname: store.entityName(m.author),
      authoremail: m.authorEmail,
      messagedate: wallTime(m.at),
    });
  return [
    {
      shape: new RegExp(
        `^SELECT s\\.id, s\\.casenumber, s\\.title, s\\.status, s\\.priority, s\\.email, TO_CHAR\\(s\\.createddate, ${DT}\\) AS createddate, ` +
          `TO_CHAR\\(s\\.lastmodifieddate, ${DT}\\) AS lastmodifieddate(?:, s\\.(custevent[a-z0-9_]+) AS urgency)? ` +
          'FROM supportcase s WHERE s\\.company = (\\d+) ORDER BY s\\.lastmodifieddate DESC, s\\.id DESC$',
      ),
      rows: (m) => {
        const field = m[1];
        if (field && !caseFields.has(field)) throw new Refusal(400, 'INVALID_PARAMETER', `Invalid search query. Field '${field}' for record 'supportcase' was not found.`);
        return cases
          .filter((c) => c.company === m[2])
          .sort((a, b) => b.updatedAt - a.updatedAt || Number(b.id) - Number(a.id))
          .map((c) =>
            row({
              id: c.id,
              casenumber: c.casenumber,
              title: c.title,
              status: c.status,
              priority: c.priority,
              email: c.email,
              createddate: wallTime(c.createdAt),
              lastmodifieddate: wallTime(c.updatedAt),
              ...(field ? { urgency: c.custom[field] ?? null } : {}),
            }),
          );
      },
    },
    {
      shape: new RegExp(`^SELECT ${MESSAGE_COLUMNS} FROM message m WHERE m\\.activity = (\\d+) ORDER BY m\\.messagedate, m\\.id$`),
      rows: (m) => messages.filter((x) => x.activity === m[1]).sort(byDateThenId).map(messageRow),
    },
    {
      shape: new RegExp(`^SELECT ${MESSAGE_COLUMNS} FROM message m JOIN supportcase s ON s\\.id = m\\.activity WHERE s\\.company = (\\d+) ORDER BY m\\.activity, m\\.messagedate, m\\.id$`),
      rows: (m) => {
        const own = new Set(cases.filter((c) => c.company === m[1]).map((c) => c.id));
        return messages
          .filter((x) => own.has(x.activity))
          .sort((a, b) => Number(a.activity) - Number(b.activity) || byDateThenId(a, b))
          .map(messageRow);
      },
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
  const c: FakeCase = { id: store.nextId(), company: company.id, casenumber: store.nextCaseNumber(), title: b.title, status: '1', priority: '2', email: null, createdAt: now(), updatedAt: now(), custom: {} };
  applyCaseFields(store, c, b);
  store.cases.push(c);
  // A new case files its incoming message as the first message of the conversation.
  if (typeof b.incomingMessage === 'string' && b.incomingMessage) {
    store.messages.push({ id: store.nextId(), activity: c.id, subject: c.title, message: b.incomingMessage, incoming: true, author: company.id, authorEmail: c.email, at: c.createdAt });
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
  const c: FakeCase = { id: store.nextId(), company, casenumber: store.nextCaseNumber(), status: '1', priority: '2', email: store.customerOf(company)!.email, createdAt: t, updatedAt: t, custom: {}, ...partial };
  store.cases.push(c);
  for (const m of conversation) {
    const incoming = m.incoming ?? true;
    store.messages.push({ id: store.nextId(), activity: c.id, subject: c.title, message: m.message, incoming, author: m.author === undefined ? (incoming ? company : null) : m.author, authorEmail: null, at: t - (m.ago ?? 0) });
  }
  return c;
}
