import { z } from '@hono/zod-openapi';
import { orderInput } from '../orders/schemas.js';
import type { Escalation } from './escalation-service.js';

export const selection = orderInput.partial();
const escalationAttributes = z
  .object({
    step: z.string(),
    selection,
    note: z.string(),
    state: z.enum(['open', 'answered']),
    answer: z.string().nullable(),
    answeredBy: z.string().nullable(),
    answeredAt: z.string().nullable(),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .openapi('EscalationAttributes');
export const escalationResource = z
  .object({ type: z.literal('escalations'), id: z.string(), attributes: escalationAttributes })
  .openapi('Escalation');
export const toEscalation = ({ id, ...attributes }: Escalation) => ({ type: 'escalations' as const, id, attributes });
