import { describe, test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import type { SupportProvider, Ticket } from '../ports/support-provider.js';

/** What a SupportProvider's conformance run needs: the provider, an account, and another account's ticket. */
export interface SupportConformanceSubject {
  provider: SupportProvider;
  /** The account under test. */
  account: string;
  /** A ticket of ANOTHER account, already at the provider. */
  foreignTicketId: string;
  close?(): Promise<void>;
}

/** Text a customer really types: accents, an emoji, markup that must stay text, line breaks. */
const SUBJECT = 'Überlast auf web-01 <b>jetzt</b> 🔥';
const DESCRIPTION = 'Seit 09:14 antwortet der Shop mit 502.\nSchritte: 1) Login 2) Warenkorb & Kasse\n<script>alert(1)</script>';

function assertInstant(value: string, what: string): void {
  assert.ok(!Number.isNaN(Date.parse(value)), `${what} is not a date: ${value}`);
}

/**
 * The behaviour every SupportProvider owes the host, as a `node:test` suite: tenancy (another
 * account's ticket is neither listed, found, changed nor written to), a ticket kept exactly as
 * written and found again, status and urgency changes that stick, and a conversation that
 * keeps each message's text and author kind in order. A provider with the attachments
 * capability also keeps every byte of a file with its message, lists it with its name, type
 * and size, and never hands it out under another account or ticket. Run it against the
 * plugin's fake.
 */
export function supportProviderConformance(name: string, setup: () => Promise<SupportConformanceSubject>): void {
  describe(`SupportProvider conformance: ${name}`, () => {
    let s: SupportConformanceSubject;
    let ticket: Ticket;
    before(async () => {
      s = await setup();
      ticket = await s.provider.createTicket(s.account, {
        subject: SUBJECT,
        description: DESCRIPTION,
        urgency: 'critical',
        serviceId: null,
        requester: 'ops@example.com',
      });
    });
    after(async () => {
      await s?.close?.();
    });

    test('a new ticket keeps its text exactly, is open, and is listed and found again', async () => {
      assert.deepEqual([ticket.subject, ticket.description, ticket.urgency, ticket.status], [SUBJECT, DESCRIPTION, 'critical', 'open']);
      assert.ok(ticket.id && ticket.number, 'a ticket has an id and a number people quote');
      assertInstant(ticket.createdAt, 'createdAt');
      const found = await s.provider.getTicket(s.account, ticket.id);
      assert.deepEqual([found?.subject, found?.description, found?.urgency], [SUBJECT, DESCRIPTION, 'critical']);
      assert.ok(
        (await s.provider.listTickets(s.account)).some((t) => t.id === ticket.id),
        'the new ticket is not listed',
      );
    });

    test("another account's ticket is neither listed, found, changed nor written to", async () => {
      assert.ok(!(await s.provider.listTickets(s.account)).some((t) => t.id === s.foreignTicketId), "another account's ticket is listed");
      assert.equal(await s.provider.getTicket(s.account, s.foreignTicketId), undefined, "another account's ticket is found by id");
      assert.equal(
        await s.provider.updateTicket(s.account, s.foreignTicketId, { status: 'closed' }),
        undefined,
        "another account's ticket was changed",
      );
      await assert.rejects(
        s.provider.addMessage(s.account, s.foreignTicketId, { body: 'sneaky', author: { name: 'Mallory', kind: 'customer' } }),
        "a message was added to another account's ticket",
      );
      const theirs = await s.provider.listMessages(s.account, s.foreignTicketId).catch(() => []);
      assert.deepEqual(theirs, [], "another account's conversation is readable");
    });

    test('status and urgency changes stick', async () => {
      const updated = await s.provider.updateTicket(s.account, ticket.id, { status: 'in_progress', urgency: 'blocker' });
      assert.deepEqual([updated?.status, updated?.urgency], ['in_progress', 'blocker']);
      const again = await s.provider.getTicket(s.account, ticket.id);
      assert.deepEqual([again?.status, again?.urgency], ['in_progress', 'blocker']);
      const closed = await s.provider.updateTicket(s.account, ticket.id, { status: 'closed' });
      assert.equal(closed?.status, 'closed');
    });

    test('the conversation keeps each message as written, its author kind, oldest first', async () => {
      const fresh = await s.provider.createTicket(s.account, {
        subject: 'Reverse DNS for 203.0.113.7',
        description: 'Please set it to mail.example.com',
        urgency: 'minor',
        serviceId: null,
        requester: 'ops@example.com',
      });
      const asked = await s.provider.addMessage(s.account, fresh.id, {
        body: 'Any news?\nThanks — Jörg',
        author: { name: 'Jörg', kind: 'customer' },
      });
      const answered = await s.provider.addMessage(s.account, fresh.id, {
        body: 'Done: PTR set. <i>Please check.</i>',
        author: { name: 'Support', kind: 'staff' },
      });
      assert.equal(asked.body, 'Any news?\nThanks — Jörg');
      const messages = await s.provider.listMessages(s.account, fresh.id);
      const ours = messages.filter((m) => m.id === asked.id || m.id === answered.id);
      assert.deepEqual(
        ours.map((m) => [m.body, m.author.kind]),
        [
          ['Any news?\nThanks — Jörg', 'customer'],
          ['Done: PTR set. <i>Please check.</i>', 'staff'],
        ],
      );
      for (const m of messages) assertInstant(m.createdAt, `message ${m.id}`);
      const times = messages.map((m) => Date.parse(m.createdAt));
      assert.deepEqual(
        times,
        [...times].sort((a, b) => a - b),
        'messages are not oldest first',
      );
    });

    test('attachments (when the provider keeps files): bytes kept, listed with the message, never under another account', async (t) => {
      const files = s.provider.attachments;
      if (!files) return t.skip('the provider declares no attachments capability');
      const fresh = await s.provider.createTicket(s.account, {
        subject: 'Crash dump',
        description: 'Attached.',
        urgency: 'minor',
        serviceId: null,
        requester: 'ops@example.com',
      });
      const message = await s.provider.addMessage(s.account, fresh.id, { body: 'The dump', author: { name: 'Jörg', kind: 'customer' } });
      const bytes = Uint8Array.from({ length: 512 }, (_, i) => i % 256);
      const file = { name: 'dump – 1.bin', contentType: 'application/gzip', content: bytes };
      const [added] = await files.addAttachments(s.account, fresh.id, message.id, [file], 'ops@example.com');
      assert.deepEqual([added?.name, added?.contentType, added?.size, added?.messageId], [file.name, file.contentType, 512, message.id]);
      const listed = await files.listAttachments(s.account, fresh.id);
      assert.deepEqual(
        listed.map((a) => a.id),
        [added!.id],
      );
      const got = await files.getAttachment(s.account, fresh.id, added!.id);
      assert.deepEqual(got && new Uint8Array(got.content), bytes, 'the bytes come back as stored');
      assert.equal(await files.getAttachment(s.account, s.foreignTicketId, added!.id), undefined, "not under another account's ticket");
      assert.deepEqual(await files.listAttachments(s.account, s.foreignTicketId), []);
      await assert.rejects(files.addAttachments(s.account, s.foreignTicketId, null, [file], 'ops@example.com'));
    });
  });
}
