import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { HostEnv } from '../../context.js';
import type { HostServices } from '../../container.js';
import { requireAdmin, requireToken, type AuthConfig } from '../../auth/middleware.js';
import { ApiError } from '../../errors.js';
import { body, doc, errorResponses } from '../../jsonapi.js';
import { RESPONSIBILITIES, SAQ_TYPES } from './content.js';
import { ITEM_STATUSES } from './pci-service.js';
import { plainText } from '../../schemas.js';
import { errorMessage } from '../../error-messages.js';
import { LANGUAGE_TAG } from '../../language.js';

const itemId = z.string().regex(/^\d{1,2}(\.\d{1,2}){1,3}$/);
const lang = z.enum(['en', 'de']).default('en').openapi({ description: 'Language of the checklist text.' });
const progress = z.object({ done: z.number(), total: z.number(), share: z.number() });
const attestation = z
  .object({
    provider: z
      .string()
      .nullable()
      .openapi({ description: 'The provider\'s name (GLASSPANE_PROVIDER_NAME); null without one (say "your provider").' }),
    attestedBy: z.string().openapi({ description: "The provider's staff member who attested." }),
    attestedAt: z.string(),
    note: z.string(),
    evidenceLink: z.string().nullable(),
    locale: z.string().openapi({ description: 'The language the note is written in (BCP 47).', example: 'de' }),
  })
  .describe("The provider's attestation of its part of the item, null until attested (and always for the customer's own items).");
const item = z
  .object({
    id: z.string(),
    title: z.string(),
    explanation: z.string(),
    fix: z.string(),
    responsibility: z.enum(RESPONSIBILITIES),
    saq: z.array(z.enum(SAQ_TYPES)),
    status: z.enum(ITEM_STATUSES),
    reason: z.string(),
    owner: z.string(),
    evidenceNotes: z.string(),
    evidenceLinks: z.array(z.string()),
    reviewedAt: z.string().nullable(),
    changedSinceReview: z.boolean(),
    updatedBy: z.string().nullable(),
    updatedAt: z.string().nullable(),
    attestation: attestation.nullable(),
  })
  .openapi('PciChecklistItem');
// Not a named component: a named schema used as `.nullable()` becomes nullable everywhere.
const review = z.object({
  reviewedBy: z.string(),
  reviewedAt: z.string(),
  revision: z.string().openapi({ description: 'The content revision the customer reviewed.' }),
});
const requirement = z
  .object({
    type: z.literal('pci-requirements'),
    id: z.string(),
    attributes: z.object({ title: z.string(), progress, items: z.array(item) }),
  })
  .openapi('PciRequirement');

/** A write to one item: its id, the language of the answer, and a JSON:API document of `type` with `attributes`. */
const itemRequest = <T extends string, A extends z.ZodTypeAny>(type: T, attributes: A) => ({
  params: z.object({ itemId }),
  query: z.object({ lang }),
  body: body(z.object({ data: z.object({ type: z.literal(type), attributes }) })),
});
const itemDoc = (description: string) =>
  doc(z.object({ data: z.object({ type: z.literal('pci-items'), id: z.string(), attributes: item }) }), description);

const getChecklist = createRoute({
  method: 'get',
  path: '/api/v1/pci/checklist',
  tags: ['Compliance'],
  summary: "The tenant's PCI DSS v4.0.1 checklist: requirements, items, status, evidence, progress",
  security: [{ embedToken: [] }],
  request: { query: z.object({ lang }) },
  responses: {
    200: doc(
      z.object({
        data: z.array(requirement),
        meta: z.object({ version: z.string(), revision: z.string(), published: z.string(), progress, lastReview: review.nullable() }),
      }),
      'The checklist',
    ),
    ...errorResponses(400, 401),
  },
});
const exportCsv = createRoute({
  method: 'get',
  path: '/api/v1/pci/checklist.csv',
  tags: ['Compliance'],
  summary: 'The checklist as CSV for an assessor',
  security: [{ embedToken: [] }],
  request: { query: z.object({ lang }) },
  responses: { 200: { description: 'CSV (UTF-8)', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses(401) },
});
const updateItem = createRoute({
  method: 'patch',
  path: '/api/v1/pci/items/{itemId}',
  tags: ['Compliance'],
  summary: 'Set status, owner and evidence of an item, or confirm it was reviewed (customer role)',
  description:
    'The reason is required with status `not_applicable` and refused with any other status (422, pointer `/data/attributes/reason`); it is cleared when the status moves on. Items the provider is responsible for take only `reviewed` (422 otherwise): the provider attests them.',
  security: [{ embedToken: [] }],
  request: itemRequest(
    'pci-items',
    z
      .object({
        status: z.enum(ITEM_STATUSES),
        reason: plainText(1000),
        owner: plainText(200),
        evidenceNotes: plainText(4000),
        evidenceLinks: z.array(z.url({ protocol: /^https?$/, error: 'links must be http(s) addresses' }).max(500)).max(20),
        reviewed: z.literal(true),
      })
      .partial(),
  ),
  responses: { 200: itemDoc('The item'), ...errorResponses(400, 401, 403, 404, 415, 422) },
});
const attestItem = createRoute({
  method: 'put',
  path: '/api/v1/pci/items/{itemId}/attestation',
  tags: ['Compliance'],
  summary: "Attest the provider's part of a provider or shared item for this tenant (staff or operator role)",
  description:
    'Shown read-only to the customer as "Attested by <provider> on <date>" and written to the activity log (`pci.attested`). Customer items are refused (422).',
  security: [{ embedToken: [] }],
  request: itemRequest(
    'pci-attestations',
    z.object({
      note: plainText(2000),
      evidenceLink: z
        .url({ protocol: /^https?$/, error: 'the evidence link must be an http(s) address' })
        .max(500)
        .nullable()
        .optional(),
      locale: z.string().regex(LANGUAGE_TAG).optional().openapi({
        description: 'The language the note is written in (BCP 47); `en` when not given. The checklist marks it for readers of another.',
        example: 'de',
      }),
    }),
  ),
  responses: { 200: itemDoc('The item with its attestation'), ...errorResponses(400, 401, 403, 404, 415, 422) },
});
const markReviewed = createRoute({
  method: 'post',
  path: '/api/v1/pci/reviews',
  tags: ['Compliance'],
  summary: 'Record that the customer reviewed the whole checklist (customer role)',
  description:
    'Afterwards an item counts as changed since the review when its text, status, evidence or attestation changes (written to the activity log as `pci.reviewed`).',
  security: [{ embedToken: [] }],
  responses: {
    201: doc(z.object({ data: z.object({ type: z.literal('pci-reviews'), id: z.string(), attributes: review }) }), 'The review'),
    ...errorResponses(401, 403),
  },
});
const itemHistory = createRoute({
  method: 'get',
  path: '/api/v1/pci/items/{itemId}/history',
  tags: ['Compliance'],
  summary: 'Who changed what on an item, newest first',
  security: [{ embedToken: [] }],
  request: { params: z.object({ itemId: z.string().max(16) }) },
  responses: {
    200: doc(
      z.object({
        data: z.array(
          z.object({
            type: z.literal('pci-item-changes'),
            id: z.string(),
            attributes: z.object({
              at: z.string(),
              actor: z.string(),
              changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })),
            }),
          }),
        ),
      }),
      'History',
    ),
    ...errorResponses(401),
  },
});
const loadContent = createRoute({
  method: 'put',
  path: '/api/v1/pci/content',
  tags: ['Compliance'],
  summary: 'Load a new revision of the checklist content (admin key); items whose text changed are flagged for tenants who reviewed them',
  security: [{ adminKey: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } } } },
  responses: {
    200: doc(
      z.object({
        data: z.object({ type: z.literal('pci-content'), id: z.string(), attributes: z.object({ changed: z.array(z.string()) }) }),
      }),
      'Loaded',
    ),
    ...errorResponses(400, 401, 422),
  },
});

export function pciRoutes(app: OpenAPIHono<HostEnv>, auth: AuthConfig, deps: Pick<HostServices, 'pci'>) {
  app.use('/api/v1/pci/content', requireAdmin(auth));
  for (const path of ['/api/v1/pci/checklist', '/api/v1/pci/checklist.csv', '/api/v1/pci/items/*', '/api/v1/pci/reviews'])
    app.use(path, requireToken(auth));

  app.openapi(getChecklist, async (c) => {
    const list = await deps.pci.checklist(c.get('auth').tenant, c.req.valid('query').lang);
    return c.json(
      {
        data: list.requirements.map(({ id, ...attributes }) => ({ type: 'pci-requirements' as const, id, attributes })),
        meta: {
          version: list.version,
          revision: list.revision,
          published: list.published,
          progress: list.progress,
          lastReview: list.lastReview,
        },
      },
      200,
    );
  });
  app.openapi(exportCsv, async (c) => {
    const csv = await deps.pci.csv(c.get('auth').tenant, c.req.valid('query').lang);
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="pci-dss-checklist-${c.get('auth').tenant}.csv"`,
      'cache-control': 'private, no-store',
    }) as never;
  });
  app.openapi(updateItem, async (c) => {
    const { roles, tenant, user } = c.get('auth');
    if (!roles.includes('customer')) throw new ApiError(403, errorMessage('forbidden.pci_change'));
    const saved = await deps.pci.update(
      tenant,
      user,
      c.req.valid('param').itemId,
      c.req.valid('json').data.attributes,
      c.req.valid('query').lang,
    );
    return c.json({ data: { type: 'pci-items' as const, id: saved.id, attributes: saved } }, 200);
  });
  app.openapi(attestItem, async (c) => {
    const { roles, tenant, user } = c.get('auth');
    if (!roles.includes('staff') && !roles.includes('operator')) throw new ApiError(403, errorMessage('forbidden.pci_attest'));
    const { note, evidenceLink, locale } = c.req.valid('json').data.attributes;
    const saved = await deps.pci.attest(
      tenant,
      user,
      c.req.valid('param').itemId,
      { note, evidenceLink, locale },
      c.req.valid('query').lang,
    );
    return c.json({ data: { type: 'pci-items' as const, id: saved.id, attributes: saved } }, 200);
  });
  app.openapi(markReviewed, async (c) => {
    const { roles, tenant, user } = c.get('auth');
    if (!roles.includes('customer')) throw new ApiError(403, errorMessage('forbidden.pci_review'));
    const review = await deps.pci.review(tenant, user);
    return c.json({ data: { type: 'pci-reviews' as const, id: review.reviewedAt, attributes: review } }, 201);
  });
  app.openapi(itemHistory, async (c) => {
    const list = await deps.pci.history(c.get('auth').tenant, c.req.valid('param').itemId);
    return c.json(
      { data: list.map((h, i) => ({ type: 'pci-item-changes' as const, id: `${c.req.valid('param').itemId}:${i}`, attributes: h })) },
      200,
    );
  });
  app.openapi(loadContent, async (c) => {
    let result;
    try {
      result = await deps.pci.load(c.req.valid('json'));
    } catch (err) {
      if (err instanceof Error && err.message.startsWith('PCI content is invalid'))
        throw new ApiError(422, errorMessage('invalid.pci_content', { problem: err.message }));
      throw err;
    }
    return c.json({ data: { type: 'pci-content' as const, id: result.revision, attributes: { changed: result.changed } } }, 200);
  });
}
