import { z } from '@hono/zod-openapi';
import { translated } from '../../language.js';
import type { Urgency } from '../../ports/support-provider.js';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 24-hour');
const URGENCIES = ['blocker', 'critical', 'major', 'minor'] as const;

/** ITIL roles a contact can hold. */
export const CONTACT_ROLES = [
  'service-delivery-manager',
  'business-relationship-manager',
  'service-desk',
  'technical-account-manager',
  'on-call-engineer',
  'security-officer',
] as const;

/** A person or desk to reach, with an ITIL role. */
const contactSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(200),
  role: z.enum(CONTACT_ROLES),
  phone: z
    .string()
    .regex(/^\+?[0-9 ()-]{5,30}$/, 'a phone number such as +49 30 1234567')
    .nullable()
    .default(null),
  email: z.email().nullable().default(null),
  translations: z
    .record(z.string().regex(/^[a-z]{2,3}$/, 'a language code such as de'), z.object({ name: z.string().min(1).max(200).optional() }))
    .optional()
    .openapi({
      description:
        "The contact's name in other languages, for a desk or role rather than a person (`{ de: { name: 'Bereitschaftstechniker' } }`); answers use the reader's language.",
    }),
});

const step = z.object({ contactId: z.string().min(1).max(64), afterMinutes: z.number().int().min(0).max(10_080) });
const path = z.array(step).min(1).max(10);

/** One project's contacts, service hours and escalation paths, as staff maintain it. */
export const contactMatrixSchema = z
  .object({
    name: z.string().min(1).max(200),
    timeZone: z.string().refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'an IANA time zone such as Europe/Berlin'),
    serviceHours: z.array(z.object({ days: z.array(z.number().int().min(1).max(7)).min(1), from: time, to: time })).max(14),
    holidays: z.array(z.iso.date()).max(100).default([]),
    contacts: z.array(contactSchema).min(1).max(50),
    /** Inside service hours: who to reach, in order, per urgency. */
    escalation: z.object({ blocker: path, critical: path, major: path, minor: path }),
    /** Outside service hours; an urgency without a path waits for the next service hours. */
    onCall: z.object({ blocker: path.optional(), critical: path.optional(), major: path.optional(), minor: path.optional() }),
  })
  .superRefine((m, ctx) => {
    const ids = new Set(m.contacts.map((c) => c.id));
    for (const [group, paths] of [
      ['escalation', m.escalation],
      ['onCall', m.onCall],
    ] as const) {
      for (const u of URGENCIES) {
        (paths as Record<string, { contactId: string }[] | undefined>)[u]?.forEach((s, i) => {
          if (!ids.has(s.contactId))
            ctx.addIssue({ code: 'custom', path: [group, u, i, 'contactId'], message: `no contact with id "${s.contactId}"` });
        });
      }
    }
    m.serviceHours.forEach((h, i) => {
      if (h.to <= h.from) ctx.addIssue({ code: 'custom', path: ['serviceHours', i, 'to'], message: 'must be after "from"' });
    });
  });

/**
 * The matrix as the host answers it: defaults applied, so every field is there. A component of
 * its own; the request body stays inline, where fields with defaults may be left out.
 */
export const contactMatrixAnswer = contactMatrixSchema.openapi('ContactMatrix');

export type ContactMatrix = z.infer<typeof contactMatrixSchema>;
export type Contact = ContactMatrix['contacts'][number];

/** A contact named in the reader's language (`Accept-Language`), when staff translated the name. */
export const localisedContact = (c: Contact): Contact => ({ ...c, name: translated(c.name, c.translations, 'name') });

/** A matrix with its contacts named in the reader's language. */
export const localisedMatrix = (m: ContactMatrix): ContactMatrix => ({ ...m, contacts: m.contacts.map(localisedContact) });

/** Who to contact right now, as `reachNow` answers and `GET …/reach-now` carries it. */
export const reachNowSchema = z
  .object({
    urgency: z.enum(URGENCIES),
    inServiceHours: z.boolean(),
    localTime: z.string().openapi({ description: "The provider's local time, ISO-like without offset.", example: '2026-12-03T09:30' }),
    timeZone: z.string(),
    reason: z
      .enum(['service_hours', 'on_call', 'next_service_hours', 'holiday_on_call', 'holiday_next_service_hours'])
      .openapi({ description: 'Why this path: service hours, on call, or waiting for the next service hours (on a holiday or not).' }),
    path: z
      .array(z.object({ contact: contactSchema, afterMinutes: z.number().int() }))
      .openapi({ description: 'Whom to reach, in order, and after how many minutes without an answer to move on.' }),
    nextServiceStart: z.string().nullable().openapi({ description: 'When service hours start next (ISO with offset), when outside them.' }),
  })
  .openapi('ReachNow');
export type ReachNow = z.infer<typeof reachNowSchema>;

interface LocalParts {
  date: string;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  minutes: number;
  display: string;
}

function localParts(at: Date, timeZone: string): LocalParts {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday!) + 1;
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  return { date, weekday, minutes: Number(parts.hour) * 60 + Number(parts.minute), display: `${date}T${parts.hour}:${parts.minute}` };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

function inHours(m: ContactMatrix, p: LocalParts): boolean {
  if (m.holidays.includes(p.date)) return false;
  return m.serviceHours.some((h) => h.days.includes(p.weekday) && p.minutes >= toMinutes(h.from) && p.minutes < toMinutes(h.to));
}

/**
 * Who to call right now for `urgency`: the escalation path inside service hours (in the
 * provider's time zone, holidays excluded), the on-call path outside them, or, where the
 * urgency has no on-call path, the service-hours path with the time service resumes.
 */
export function reachNow(m: ContactMatrix, urgency: Urgency, now: Date): ReachNow {
  const local = localParts(now, m.timeZone);
  const byId = new Map(m.contacts.map((c) => [c.id, c]));
  const resolve = (steps: { contactId: string; afterMinutes: number }[]) =>
    steps.map((s) => ({ contact: byId.get(s.contactId)!, afterMinutes: s.afterMinutes }));
  const holiday = m.holidays.includes(local.date);
  if (inHours(m, local)) {
    return {
      urgency,
      inServiceHours: true,
      localTime: local.display,
      timeZone: m.timeZone,
      reason: 'service_hours',
      path: resolve(m.escalation[urgency]),
      nextServiceStart: null,
    };
  }
  const next = nextServiceStart(m, now);
  const onCall = m.onCall[urgency];
  if (onCall) {
    return {
      urgency,
      inServiceHours: false,
      localTime: local.display,
      timeZone: m.timeZone,
      reason: holiday ? 'holiday_on_call' : 'on_call',
      path: resolve(onCall),
      nextServiceStart: next,
    };
  }
  return {
    urgency,
    inServiceHours: false,
    localTime: local.display,
    timeZone: m.timeZone,
    reason: holiday ? 'holiday_next_service_hours' : 'next_service_hours',
    path: resolve(m.escalation[urgency]),
    nextServiceStart: next,
  };
}

/** The next instant service hours begin, found by stepping in 15-minute increments over two weeks. */
function nextServiceStart(m: ContactMatrix, now: Date): string | null {
  const step = 15 * 60_000;
  let t = Math.ceil(now.getTime() / step) * step;
  for (let i = 0; i < (14 * 24 * 60) / 15; i++, t += step) {
    if (inHours(m, localParts(new Date(t), m.timeZone))) return new Date(t).toISOString();
  }
  return null;
}
