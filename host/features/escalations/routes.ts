import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { HostEnv } from '../../context.js';
import type { HostServices } from '../../container.js';
import { requireToken, type AuthConfig } from '../../auth/middleware.js';
import { forbidden } from '../../errors.js';
import { body, doc, errorResponses } from '../../jsonapi.js';
import { plainText } from '../../schemas.js';
import { escalationResource, selection, toEscalation } from './schemas.js';

const idParam = z.object({ id: z.string().min(1).max(200) });

const escalate = createRoute({
  method: 'post',
  path: '/api/v1/escalations',
  tags: ['Orders'],
  summary: 'Ask the account manager, with everything chosen so far and a note',
  security: [{ embedToken: [] }],
  request: {
    body: body(
      z.object({
        data: z.object({
          type: z.literal('escalations'),
          attributes: z.object({
            step: z.string().trim().min(1).max(32),
            selection: selection.default({}),
            note: plainText(2000).pipe(z.string().trim().min(1, 'write what you need')),
          }),
        }),
      }),
    ),
  },
  responses: { 201: doc(z.object({ data: escalationResource }), 'Sent'), ...errorResponses(401, 415, 422) },
});
const listEscalations = createRoute({
  method: 'get',
  path: '/api/v1/escalations',
  tags: ['Orders'],
  summary: "The tenant's requests to the account manager, with answers",
  security: [{ embedToken: [] }],
  responses: { 200: doc(z.object({ data: z.array(escalationResource) }), 'Requests'), ...errorResponses(401) },
});
const answerEscalation = createRoute({
  method: 'post',
  path: '/api/v1/escalations/{id}/answer',
  tags: ['Orders'],
  summary: 'Answer a request (staff role)',
  security: [{ embedToken: [] }],
  request: {
    params: idParam,
    body: body(
      z.object({
        data: z.object({
          type: z.literal('escalation-answers'),
          attributes: z.object({ message: plainText(4000).pipe(z.string().trim().min(1)) }),
        }),
      }),
    ),
  },
  responses: { 200: doc(z.object({ data: escalationResource }), 'Answered'), ...errorResponses(401, 403, 404, 415, 422) },
});

/** Requests to the account manager from the order wizard; staff answer them (and see them in the review queue). */
export function escalationRoutes(app: OpenAPIHono<HostEnv>, auth: AuthConfig, deps: Pick<HostServices, 'escalations'>) {
  const anyone = requireToken(auth);
  for (const path of ['/api/v1/escalations', '/api/v1/escalations/*']) app.use(path, anyone);

  app.openapi(escalate, async (c) => {
    const a = c.req.valid('json').data.attributes;
    const e = await deps.escalations.escalate(c.get('auth').tenant, c.get('auth').user, a);
    return c.json({ data: toEscalation(e) }, 201);
  });
  app.openapi(listEscalations, async (c) => c.json({ data: (await deps.escalations.list(c.get('auth').tenant)).map(toEscalation) }, 200));
  app.openapi(answerEscalation, async (c) => {
    if (!c.get('auth').roles.includes('staff')) throw forbidden('staff');
    const e = await deps.escalations.answer(
      c.get('auth').tenant,
      c.get('auth').user,
      c.req.valid('param').id,
      c.req.valid('json').data.attributes.message,
    );
    return c.json({ data: toEscalation(e) }, 200);
  });
}
