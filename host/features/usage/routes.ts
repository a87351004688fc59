import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { HostEnv } from '../../context.js';
import type { HostServices } from '../../container.js';
import { requireToken, type AuthConfig } from '../../auth/middleware.js';
import { JSON_API, errorResponses } from '../../jsonapi.js';
import { METRICS } from '../../ports/metrics-provider.js';
import { METRIC_UNITS } from './usage-service.js';

const idParam = z.object({ id: z.string().min(3).max(300).openapi({ example: 'openstack:5b8d…' }) });

const usage = createRoute({
  method: 'get',
  path: '/api/v1/servers/{id}/usage',
  tags: ['Usage'],
  summary: "A metric's usage over a range, against capacity",
  description:
    'Never more than `maxDataPoints` points: longer series are downsampled into equal time buckets, each point the mean ' +
    'of its samples with their lowest and highest in `low` and `high`, so peaks stay visible. ' +
    'Values are given to three decimals. Statistics cover every stored sample in the range. New samples arrive as `usage` stream events.',
  security: [{ embedToken: [] }],
  request: {
    params: idParam,
    query: z.object({
      metric: z.enum(METRICS),
      start: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Default: 24 hours before end.' }),
      end: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Default: now.' }),
      maxDataPoints: z.coerce.number().int().min(2).max(10_000).default(1000),
    }),
  },
  responses: {
    200: {
      description: 'The series',
      content: {
        [JSON_API]: {
          schema: z.object({
            data: z.object({
              type: z.literal('usage-series'),
              id: z.string(),
              attributes: z.object({
                metric: z.enum(METRICS),
                unit: z.string(),
                capacity: z.number().nullable(),
                resolution: z.string().openapi({ description: 'raw, 5m or 1h: the stored tier the points come from.' }),
                times: z.array(z.number()).openapi({ description: 'Seconds since the epoch.' }),
                values: z.array(z.number()).openapi({ description: "Each point's value; when downsampled, the mean of its samples." }),
                low: z.array(z.number()).optional().openapi({ description: "Only when downsampled: each point's lowest sample." }),
                high: z.array(z.number()).optional().openapi({ description: "Only when downsampled: each point's highest sample." }),
                stats: z.object({
                  peak: z.number().nullable(),
                  p95: z.number().nullable(),
                  shareAbove90: z.number(),
                  limitHits: z.number(),
                  current: z.number().nullable(),
                  capacity: z.number().nullable(),
                }),
              }),
            }),
          }),
        },
      },
    },
    ...errorResponses(400, 401, 403, 404, 503),
  },
});

/** A server's usage series: any token of the tenant reads it. */
export function usageRoutes(app: OpenAPIHono<HostEnv>, auth: AuthConfig, deps: Pick<HostServices, 'usage' | 'now'>) {
  app.use('/api/v1/servers/:id/usage', requireToken(auth));

  app.openapi(usage, async (c) => {
    const { id } = c.req.valid('param');
    const q = c.req.valid('query');
    const end = q.end ? new Date(q.end) : deps.now();
    const start = q.start ? new Date(q.start) : new Date(end.getTime() - 86400_000);
    const series = await deps.usage.series(c.get('auth').tenant, id, q.metric, { start, end, maxDataPoints: q.maxDataPoints });
    return c.json(
      {
        data: {
          type: 'usage-series' as const,
          id: `${id}/${q.metric}`,
          attributes: {
            metric: q.metric,
            unit: METRIC_UNITS[q.metric],
            capacity: series.capacity,
            resolution: series.tier,
            times: series.times,
            values: series.values,
            ...(series.low && series.high ? { low: series.low, high: series.high } : {}),
            stats: series.stats,
          },
        },
      },
      200,
    );
  });
}
