import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { MiddlewareHandler } from 'hono';
import { requestLanguages } from '../../language.js';
import type { HostEnv } from '../../context.js';
import type { HostServices } from '../../container.js';
import { requireToken, type AuthConfig } from '../../auth/middleware.js';
import { ApiError, forbidden, notFound } from '../../errors.js';
import { errorMessage } from '../../error-messages.js';
import { body, doc, errorResponses, linksSchema, pageQuery, paginate } from '../../jsonapi.js';
import { classify } from './classification.js';
import { contactMatrixAnswer, contactMatrixSchema, localisedContact, localisedMatrix, reachNowSchema } from './contact-matrix.js';
import { attachmentResource, messageResource, ticketResource } from './resources.js';
import { attachmentDisposition, downloadType } from './attachments.js';
import { idSchema, plainText } from '../../schemas.js';

const urgency = z.enum(['blocker', 'critical', 'major', 'minor']);
const ticketStatus = z.enum(['open', 'in_progress', 'waiting_on_customer', 'resolved', 'closed']);
const ticketAttributes = z
  .object({
    number: z.string(),
    subject: z.string(),
    description: z.string().openapi({ description: 'Exactly as written; render as text.' }),
    status: ticketStatus,
    urgency,
    serviceId: z.string().nullable(),
    requester: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    reopenableUntil: z.string().nullable().openapi({
      description: 'Until when a resolved or closed ticket may be reopened (`POST /tickets/{id}/actions`); null while it is open.',
    }),
  })
  .openapi('TicketAttributes');
const ticketResourceSchema = z.object({ type: z.literal('tickets'), id: z.string(), attributes: ticketAttributes }).openapi('Ticket');
const messageResourceSchema = z
  .object({
    type: z.literal('ticket-messages'),
    id: z.string(),
    attributes: z.object({
      ticketId: z.string(),
      author: z.object({ name: z.string(), kind: z.enum(['customer', 'staff']) }),
      body: z.string(),
      createdAt: z.string(),
    }),
  })
  .openapi('TicketMessage');
const idParam = z.object({ id: z.string().min(1).max(200) });
const attachmentResourceSchema = z
  .object({
    type: z.literal('ticket-attachments'),
    id: z.string(),
    attributes: z.object({
      ticketId: z.string(),
      messageId: z.string().nullable().openapi({ description: 'The message it belongs to; null: the ticket as it was opened.' }),
      name: z.string(),
      contentType: z.string(),
      size: z.number().openapi({ description: 'Bytes.' }),
      uploadedBy: z.string(),
      createdAt: z.string(),
    }),
    links: z.object({ download: z.string().openapi({ description: 'GET it for the file (with the same token).' }) }),
  })
  .openapi('TicketAttachment');
const attachmentPolicySchema = z
  .object({
    enabled: z.boolean().openapi({
      description: "Whether the tenant's support provider keeps files; when false, offer no attach control.",
    }),
    maxBytes: z.number().openapi({ description: 'Largest file in bytes.' }),
    maxFiles: z.number().openapi({ description: 'Most files on one message.' }),
    types: z.array(z.string()).openapi({ description: 'Media types accepted.' }),
  })
  .openapi('TicketAttachmentPolicy');

/** The upload route's path, which the body guard lets multipart/form-data through to. */
export const ATTACHMENT_UPLOAD_PATH = /^\/api\/v1\/tickets\/[^/]+\/attachments$/;

const listTickets = createRoute({
  method: 'get',
  path: '/api/v1/tickets',
  tags: ['Support'],
  summary: "The tenant's support tickets, newest activity first",
  security: [{ embedToken: [] }],
  request: { query: pageQuery.extend({ 'filter[status]': ticketStatus.optional() }) },
  responses: {
    200: doc(
      z.object({ data: z.array(ticketResourceSchema), links: linksSchema, meta: z.object({ total: z.number() }).passthrough() }),
      'Tickets',
    ),
    ...errorResponses(400, 401, 403, 409, 503),
  },
});
const createTicket = createRoute({
  method: 'post',
  path: '/api/v1/tickets',
  tags: ['Support'],
  summary: 'Open a ticket',
  security: [{ embedToken: [] }],
  request: {
    body: body(
      z.object({
        data: z.object({
          type: z.literal('tickets'),
          attributes: z.object({
            subject: plainText(300).pipe(z.string().trim().min(3)),
            description: plainText(20_000).pipe(z.string().trim().min(1)),
            urgency,
            serviceId: z.string().max(300).optional().openapi({ description: 'A service id or a server id as `GET /servers` lists them.' }),
          }),
        }),
      }),
    ),
  },
  responses: { 201: doc(z.object({ data: ticketResourceSchema }), 'Created'), ...errorResponses(400, 401, 403, 409, 413, 415, 422, 503) },
});
const getTicket = createRoute({
  method: 'get',
  path: '/api/v1/tickets/{id}',
  tags: ['Support'],
  summary: 'One ticket with its conversation',
  security: [{ embedToken: [] }],
  request: { params: idParam },
  responses: {
    200: doc(
      z.object({
        data: ticketResourceSchema,
        included: z.array(z.union([messageResourceSchema, attachmentResourceSchema])),
        meta: z.object({ attachments: attachmentPolicySchema }),
      }),
      'The ticket, its messages and attachments (`included`), and whether files may be attached (`meta.attachments`)',
    ),
    ...errorResponses(401, 403, 404, 503),
  },
});
const updateTicket = createRoute({
  method: 'patch',
  path: '/api/v1/tickets/{id}',
  tags: ['Support'],
  summary: 'Change status or urgency (staff role)',
  security: [{ embedToken: [] }],
  request: {
    params: idParam,
    body: body(
      z.object({
        data: z.object({
          type: z.literal('tickets'),
          id: z.string(),
          attributes: z.object({ status: ticketStatus.optional(), urgency: urgency.optional() }),
        }),
      }),
    ),
  },
  responses: { 200: doc(z.object({ data: ticketResourceSchema }), 'Updated'), ...errorResponses(400, 401, 403, 404, 409, 415, 422) },
});
const addMessage = createRoute({
  method: 'post',
  path: '/api/v1/tickets/{id}/messages',
  tags: ['Support'],
  summary: 'Reply to a ticket (as staff when the token has the staff role)',
  security: [{ embedToken: [] }],
  request: {
    params: idParam,
    body: body(
      z.object({
        data: z.object({
          type: z.literal('ticket-messages'),
          attributes: z.object({ body: plainText(20_000).pipe(z.string().trim().min(1)) }),
        }),
      }),
    ),
  },
  responses: { 201: doc(z.object({ data: messageResourceSchema }), 'Added'), ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422) },
});
const attachmentPolicy = createRoute({
  method: 'get',
  path: '/api/v1/ticket-attachment-policy',
  tags: ['Support'],
  summary: "Whether the tenant's support provider keeps files, and the size, count and type limits",
  security: [{ embedToken: [] }],
  responses: {
    200: doc(
      z.object({ data: z.object({ type: z.literal('ticket-attachment-policies'), id: z.string(), attributes: attachmentPolicySchema }) }),
      'Policy',
    ),
    ...errorResponses(401),
  },
});
const listAttachments = createRoute({
  method: 'get',
  path: '/api/v1/tickets/{id}/attachments',
  tags: ['Support'],
  summary: "The ticket's attachments (metadata), oldest first",
  security: [{ embedToken: [] }],
  request: { params: idParam },
  responses: { 200: doc(z.object({ data: z.array(attachmentResourceSchema) }), 'Attachments'), ...errorResponses(401, 403, 404, 409, 503) },
});
const uploadAttachments = createRoute({
  method: 'post',
  path: '/api/v1/tickets/{id}/attachments',
  tags: ['Support'],
  summary: 'Attach files to a message of the ticket, or to the ticket itself',
  description:
    'multipart/form-data: one or more `file` parts and an optional `messageId` (a message of this ticket; ' +
    'without it the files belong to the ticket as it was opened). All or none: a file over the size limit is 413, ' +
    'a type not allowed 415, more files than a message takes (with those it has) 422; `GET /ticket-attachment-policy` tells the limits. ' +
    'A provider that keeps no files answers 409 `attachments_unsupported`.',
  security: [{ embedToken: [] }],
  request: {
    params: idParam,
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: z.object({
            file: z
              .union([z.instanceof(File), z.array(z.instanceof(File))])
              .openapi({ type: 'array', items: { type: 'string', format: 'binary' }, description: 'The files (the part repeated).' }),
            messageId: z.string().min(1).max(200).optional(),
          }),
        },
      },
    },
  },
  responses: {
    201: doc(z.object({ data: z.array(attachmentResourceSchema) }), 'Attached'),
    ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 503),
  },
});
const downloadAttachment = createRoute({
  method: 'get',
  path: '/api/v1/tickets/{id}/attachments/{attachmentId}',
  tags: ['Support'],
  summary: 'Download an attachment',
  description:
    'The file as uploaded, `Content-Disposition: attachment` with `X-Content-Type-Options: nosniff`; ' +
    'labelled with its type only when that is a plain document or image type, else `application/octet-stream`.',
  security: [{ embedToken: [] }],
  request: { params: idParam.extend({ attachmentId: z.string().min(1).max(200) }) },
  responses: {
    200: { description: 'The file', content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } },
    ...errorResponses(401, 403, 404, 409, 503),
  },
});
const ticketAction = createRoute({
  method: 'post',
  path: '/api/v1/tickets/{id}/actions',
  tags: ['Support'],
  summary: 'Reopen a resolved or closed ticket (within the reopen period), or close an open one; optionally with a message',
  security: [{ embedToken: [] }],
  request: {
    params: idParam,
    body: body(
      z.object({
        data: z.object({
          type: z.literal('ticket-actions'),
          attributes: z.object({ action: z.enum(['reopen', 'close']), message: plainText(20_000).pipe(z.string().trim()).optional() }),
        }),
      }),
    ),
  },
  responses: {
    200: doc(z.object({ data: ticketResourceSchema }), 'The ticket after the action'),
    ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422, 503),
  },
});
const classification = createRoute({
  method: 'post',
  path: '/api/v1/ticket-classifications',
  tags: ['Support'],
  summary: "Propose an urgency from three answers, with the reason and the contract's response target",
  security: [{ embedToken: [] }],
  request: {
    body: body(
      z.object({
        data: z.object({
          type: z.literal('ticket-classifications'),
          attributes: z.object({
            immediate: z.boolean(),
            manyAffected: z.boolean(),
            deadline: z.enum(['now', 'today', 'this_week', 'later']),
          }),
        }),
      }),
    ),
  },
  responses: {
    200: doc(
      z.object({
        data: z.object({
          type: z.literal('ticket-classifications'),
          id: z.string(),
          attributes: z.object({ urgency, reason: z.string(), responseMinutes: z.number(), meaning: z.string() }),
        }),
      }),
      'Proposal',
    ),
    ...errorResponses(400, 401, 415, 422),
  },
});
const contract = createRoute({
  method: 'get',
  path: '/api/v1/support-contract',
  tags: ['Support'],
  summary: 'What each urgency means and the target response time',
  security: [{ embedToken: [] }],
  responses: {
    200: doc(
      z.object({
        data: z.object({
          type: z.literal('support-contracts'),
          id: z.string(),
          attributes: z.record(z.string(), z.object({ responseMinutes: z.number(), meaning: z.string() })),
        }),
      }),
      'Contract',
    ),
    ...errorResponses(401),
  },
});

const snippet = z.array(z.object({ text: z.string(), match: z.boolean() }));
const articleSummary = z.object({
  title: z.string(),
  category: z.string(),
  locale: z.string().openapi({ description: 'The language this variant is written in.' }),
  updatedAt: z.string(),
  fallback: z.boolean().optional().openapi({
    description:
      "True when the article is not written in the reader's language (`lang` or `Accept-Language`) and is shown in the default language.",
  }),
});
const searchArticles = createRoute({
  method: 'get',
  path: '/api/v1/kb/articles',
  tags: ['Knowledge base'],
  summary: 'Published articles; with `q`, full-text search ranked with highlighted snippets',
  description:
    "Each article once, in the reader's language (`lang`, else `Accept-Language`) or else the default language (marked `fallback`); an article written in neither is not listed. Categories are those of the listed variants.",
  security: [{ embedToken: [] }],
  request: {
    query: z.object({
      lang: z.string().max(35).optional().openapi({ description: "The reader's language; overrides `Accept-Language`." }),
      q: z.string().max(200).optional(),
      match: z
        .enum(['all', 'any'])
        .default('all')
        .openapi({ description: '`any` ranks articles that match any word (suggestions while typing).' }),
      'filter[category]': z.string().max(100).optional(),
      limit: z.coerce.number().int().min(1).max(50).default(20),
    }),
  },
  responses: {
    200: doc(
      z.object({
        data: z.array(
          z.object({
            type: z.literal('kb-articles'),
            id: z.string(),
            attributes: articleSummary.extend({ snippet: snippet.optional(), rank: z.number().optional() }),
          }),
        ),
        meta: z.object({ categories: z.array(z.object({ name: z.string(), count: z.number() })) }),
      }),
      'Articles',
    ),
    ...errorResponses(400, 401),
  },
});
const getArticle = createRoute({
  method: 'get',
  path: '/api/v1/kb/articles/{slug}',
  tags: ['Knowledge base'],
  summary: "One article (Markdown), in the reader's language or the default one",
  security: [{ embedToken: [] }],
  request: {
    params: z.object({ slug: idSchema }),
    query: z.object({
      lang: z.string().max(35).optional().openapi({ description: "The reader's language; overrides `Accept-Language`." }),
    }),
  },
  responses: {
    200: doc(
      z.object({
        data: z.object({
          type: z.literal('kb-articles'),
          id: z.string(),
          attributes: articleSummary.extend({ body: z.string(), published: z.boolean() }),
        }),
      }),
      'Article',
    ),
    ...errorResponses(401, 404),
  },
});
const putArticle = createRoute({
  method: 'put',
  path: '/api/v1/kb/articles/{slug}',
  tags: ['Knowledge base'],
  summary: 'Write or publish an article (operator role: articles are shared by every tenant)',
  security: [{ embedToken: [] }],
  request: {
    params: z.object({ slug: idSchema }),
    body: body(
      z.object({
        data: z.object({
          type: z.literal('kb-articles'),
          attributes: z.object({
            title: z.string().trim().min(1).max(300),
            category: z.string().trim().min(1).max(100),
            body: z.string().max(200_000),
            locale: z.enum(['en', 'de']).default('en'),
            published: z.boolean().default(false),
          }),
        }),
      }),
    ),
  },
  responses: {
    200: doc(
      z.object({
        data: z.object({
          type: z.literal('kb-articles'),
          id: z.string(),
          attributes: articleSummary.extend({ body: z.string(), published: z.boolean() }),
        }),
      }),
      'Saved',
    ),
    ...errorResponses(400, 401, 403, 413, 415, 422),
  },
});
const deflection = createRoute({
  method: 'post',
  path: '/api/v1/kb/deflections',
  tags: ['Knowledge base'],
  summary: 'Record that an article answered a question before a ticket was opened',
  security: [{ embedToken: [] }],
  request: {
    body: body(
      z.object({
        data: z.object({
          type: z.literal('kb-deflections'),
          attributes: z.object({ slug: idSchema, query: z.string().max(300).default('') }),
        }),
      }),
    ),
  },
  responses: { 204: { description: 'Recorded' }, ...errorResponses(400, 401, 404, 415, 422) },
});

const matrixResource = z.object({
  type: z.literal('contact-matrices'),
  id: z.string().openapi({ description: 'The project.' }),
  attributes: contactMatrixAnswer,
});

const matrixList = createRoute({
  method: 'get',
  path: '/api/v1/contact-matrices',
  tags: ['Contacts'],
  summary: "The tenant's contact and escalation matrices, one per project",
  security: [{ embedToken: [] }],
  responses: { 200: doc(z.object({ data: z.array(matrixResource) }), 'Matrices'), ...errorResponses(401) },
});
const matrixPut = createRoute({
  method: 'put',
  path: '/api/v1/contact-matrices/{project}',
  tags: ['Contacts'],
  summary: "Replace a project's matrix (staff role)",
  security: [{ embedToken: [] }],
  request: {
    params: z.object({ project: idSchema }),
    body: body(z.object({ data: z.object({ type: z.literal('contact-matrices'), attributes: contactMatrixSchema }) })),
  },
  responses: { 200: doc(z.object({ data: matrixResource }), 'Saved'), ...errorResponses(400, 401, 403, 415, 422) },
});
const matrixReach = createRoute({
  method: 'get',
  path: '/api/v1/contact-matrices/{project}/reach-now',
  tags: ['Contacts'],
  summary: 'Who to contact right now for an urgency, in or out of service hours',
  security: [{ embedToken: [] }],
  request: { params: z.object({ project: idSchema }), query: z.object({ urgency }) },
  responses: {
    200: doc(z.object({ data: z.object({ type: z.literal('reach-now'), id: z.string(), attributes: reachNowSchema }) }), 'Path'),
    ...errorResponses(400, 401, 404),
  },
});

/** Uploads are multipart/form-data; anything else there is a 415 before the body is read. */
const multipartOnly: MiddlewareHandler = async (c, next) => {
  if (c.req.method === 'POST' && !/^multipart\/form-data\s*;/i.test(c.req.header('content-type') ?? '')) {
    throw new ApiError(415, errorMessage('unsupported_media_type.multipart'), {
      source: { header: 'Content-Type' },
    });
  }
  return next();
};

const uploadTooLarge = (maxBytes: number, maxFiles: number): never => {
  throw new ApiError(413, errorMessage('payload_too_large.upload', { maxFiles, maxBytes }), { meta: { maxBytes, maxFiles } });
};

/** Who writes: the token's user, as staff when it has the staff role. */
const authorOf = (auth: { user: string; roles: string[] }) => ({
  name: auth.user,
  kind: auth.roles.includes('staff') ? ('staff' as const) : ('customer' as const),
});

export function supportRoutes(app: OpenAPIHono<HostEnv>, auth: AuthConfig, deps: Pick<HostServices, 'audit' | 'kb' | 'support'>) {
  const anyone = requireToken(auth);
  const paths = ['/api/v1/tickets', '/api/v1/tickets/*', '/api/v1/ticket-attachment-policy', '/api/v1/ticket-classifications'];
  for (const path of [...paths, '/api/v1/support-contract', '/api/v1/kb/*', '/api/v1/contact-matrices', '/api/v1/contact-matrices/*']) {
    app.use(path, anyone);
  }
  const staffOnly = (roles: string[]) => {
    if (!roles.includes('staff')) throw forbidden('staff');
  };

  app.openapi(listTickets, async (c) => {
    const q = c.req.valid('query');
    const all = await deps.support.listTickets(c.get('auth').tenant, c.req.raw.signal);
    const items = q['filter[status]'] ? all.filter((t) => t.status === q['filter[status]']) : all;
    const page = paginate(
      items.map((t) => ticketResource(deps.support.view(t))),
      { number: q['page[number]'], size: q['page[size]'] },
      c.req.url,
    );
    return c.json({ data: page.data, links: page.links, meta: page.meta }, 200);
  });
  app.openapi(createTicket, async (c) => {
    const ticket = await deps.support.createTicket(c.get('auth').tenant, c.get('auth').user, c.req.valid('json').data.attributes);
    await deps.audit.append(c.get('auth').tenant, c.get('auth').user, 'ticket.created', ticket.number, {
      id: ticket.id,
      subject: ticket.subject,
      urgency: ticket.urgency,
    });
    c.header('Location', `/api/v1/tickets/${encodeURIComponent(ticket.id)}`);
    return c.json({ data: ticketResource(deps.support.view(ticket)) }, 201);
  });
  app.openapi(getTicket, async (c) => {
    const { id } = c.req.valid('param');
    const { support } = deps;
    const { tenant } = c.get('auth');
    const signal = c.req.raw.signal;
    const [ticket, messages, attachments, policy] = await Promise.all([
      support.getTicket(tenant, id, signal),
      support.listMessages(tenant, id, signal),
      support.listAttachments(tenant, id, signal),
      support.attachmentPolicy(tenant),
    ]);
    const included = [...messages.map(messageResource), ...attachments.map(attachmentResource)];
    const meta = { attachments: { ...policy, types: [...policy.types] } };
    return c.json({ data: ticketResource(support.view(ticket)), included, meta }, 200);
  });
  app.openapi(attachmentPolicy, async (c) => {
    const attributes = await deps.support.attachmentPolicy(c.get('auth').tenant);
    const id = c.get('auth').tenant;
    const data = { type: 'ticket-attachment-policies' as const, id, attributes: { ...attributes, types: [...attributes.types] } };
    return c.json({ data }, 200);
  });
  app.openapi(listAttachments, async (c) => {
    const attachments = await deps.support.listAttachments(c.get('auth').tenant, c.req.valid('param').id, c.req.raw.signal);
    return c.json({ data: attachments.map(attachmentResource) }, 200);
  });
  // The whole upload: every file at its largest, and room for the form's own parts.
  const { maxBytes, maxFiles } = deps.support.attachmentLimits;
  const uploadLimit = bodyLimit({ maxSize: maxBytes * maxFiles + 64 * 1024, onError: () => uploadTooLarge(maxBytes, maxFiles) });
  app.use('/api/v1/tickets/:id/attachments', multipartOnly, uploadLimit);
  app.openapi(uploadAttachments, async (c) => {
    const auth = c.get('auth');
    const { id } = c.req.valid('param');
    const form = c.req.valid('form');
    const parts = [form.file].flat();
    const read = async (f: File) => ({ name: f.name, contentType: f.type, content: new Uint8Array(await f.arrayBuffer()) });
    const files = await Promise.all(parts.map(read));
    const added = await deps.support.addAttachments(auth.tenant, id, form.messageId ?? null, files, auth.user);
    await deps.audit.append(auth.tenant, auth.user, 'ticket.attachments_added', id, {
      messageId: form.messageId ?? null,
      files: added.map((a) => ({ id: a.id, name: a.name, contentType: a.contentType, size: a.size })),
    });
    return c.json({ data: added.map(attachmentResource) }, 201);
  });
  app.openapi(downloadAttachment, async (c) => {
    const { id, attachmentId } = c.req.valid('param');
    const { attachment, content } = await deps.support.getAttachment(c.get('auth').tenant, id, attachmentId, c.req.raw.signal);
    return c.body(content as Uint8Array<ArrayBuffer>, 200, {
      'content-type': downloadType(attachment.contentType),
      'content-disposition': attachmentDisposition(attachment.name),
      'content-length': String(content.byteLength),
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    }) as never;
  });
  app.openapi(updateTicket, async (c) => {
    staffOnly(c.get('auth').roles);
    const ticket = await deps.support.updateTicket(c.get('auth').tenant, c.req.valid('param').id, c.req.valid('json').data.attributes);
    return c.json({ data: ticketResource(deps.support.view(ticket)) }, 200);
  });
  app.openapi(ticketAction, async (c) => {
    const auth = c.get('auth');
    const { action, message } = c.req.valid('json').data.attributes;
    const ticket = await deps.support.act(auth.tenant, c.req.valid('param').id, action, authorOf(auth), message || undefined);
    await deps.audit.append(auth.tenant, auth.user, action === 'reopen' ? 'ticket.reopened' : 'ticket.closed', ticket.number, {
      id: ticket.id,
    });
    return c.json({ data: ticketResource(deps.support.view(ticket)) }, 200);
  });
  app.openapi(addMessage, async (c) => {
    const auth = c.get('auth');
    const author = authorOf(auth);
    const message = await deps.support.addMessage(auth.tenant, c.req.valid('param').id, c.req.valid('json').data.attributes.body, author);
    await deps.audit.append(auth.tenant, auth.user, 'ticket.replied', c.req.valid('param').id, { by: author.kind });
    return c.json({ data: messageResource(message) }, 201);
  });
  app.openapi(classification, async (c) => {
    const answers = c.req.valid('json').data.attributes;
    const result = classify(answers);
    const target = (await deps.support.targets(c.get('auth').tenant))[result.urgency];
    return c.json(
      { data: { type: 'ticket-classifications' as const, id: `${result.urgency}:${result.reason}`, attributes: { ...result, ...target } } },
      200,
    );
  });
  app.openapi(contract, async (c) =>
    c.json(
      {
        data: {
          type: 'support-contracts' as const,
          id: c.get('auth').tenant,
          attributes: await deps.support.targets(c.get('auth').tenant),
        },
      },
      200,
    ),
  );

  app.openapi(searchArticles, async (c) => {
    const q = c.req.valid('query');
    const { kb } = deps;
    const category = q['filter[category]'];
    const languages = requestLanguages(c);
    const items = q.q
      ? await kb.search(q.q, { limit: q.limit, category, any: q.match === 'any', languages })
      : (await kb.list({ category, languages })).slice(0, q.limit);
    return c.json(
      {
        data: items.map(({ slug, ...attributes }) => ({ type: 'kb-articles' as const, id: slug, attributes })),
        meta: { categories: await kb.categories({ languages }) },
      },
      200,
    );
  });
  app.openapi(getArticle, async (c) => {
    const { slug } = c.req.valid('param');
    const article = await deps.kb.get(slug, {
      includeDrafts: c.get('auth').roles.some((r) => r === 'staff' || r === 'operator'),
      languages: requestLanguages(c),
    });
    if (!article) throw notFound('article', slug);
    const { slug: id, ...attributes } = article;
    return c.json({ data: { type: 'kb-articles' as const, id, attributes } }, 200);
  });
  app.openapi(putArticle, async (c) => {
    // Articles are every tenant's: writing them needs the platform role, not a tenant's staff.
    if (!c.get('auth').roles.includes('operator')) throw forbidden('operator');
    const { slug } = c.req.valid('param');
    const { slug: id, ...attributes } = await deps.kb.upsert(slug, c.req.valid('json').data.attributes);
    return c.json({ data: { type: 'kb-articles' as const, id, attributes } }, 200);
  });
  /* eslint-disable @typescript-eslint/no-explicit-any -- answers 204 without a body, not one of the route's typed JSON answers */
  app.openapi(deflection, (async (c: any) => {
    const { slug, query } = c.req.valid('json').data.attributes;
    if (!(await deps.kb.get(slug, { languages: requestLanguages(c) }))) throw notFound('article', slug);
    await deps.audit.append(c.get('auth').tenant, c.get('auth').user, 'kb.deflection', slug, { query });
    return c.body(null, 204);
  }) as any);
  /* eslint-enable @typescript-eslint/no-explicit-any */

  app.openapi(matrixList, async (c) => {
    const list = await deps.support.listMatrices(c.get('auth').tenant);
    return c.json(
      { data: list.map((m) => ({ type: 'contact-matrices' as const, id: m.project, attributes: localisedMatrix(m.matrix) })) },
      200,
    );
  });
  app.openapi(matrixPut, async (c) => {
    staffOnly(c.get('auth').roles);
    const { project } = c.req.valid('param');
    const matrix = c.req.valid('json').data.attributes;
    await deps.support.putMatrix(c.get('auth').tenant, project, matrix);
    return c.json({ data: { type: 'contact-matrices' as const, id: project, attributes: matrix } }, 200);
  });
  app.openapi(matrixReach, async (c) => {
    const { project } = c.req.valid('param');
    const result = await deps.support.reachNow(c.get('auth').tenant, project, c.req.valid('query').urgency);
    const attributes = { ...result, path: result.path.map((step) => ({ ...step, contact: localisedContact(step.contact) })) };
    return c.json({ data: { type: 'reach-now' as const, id: `${project}/${result.urgency}`, attributes } }, 200);
  });
}
