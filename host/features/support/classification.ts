import type { Urgency } from '../../ports/support-provider.js';

/** The questions the composer asks before proposing an urgency. */
export interface ClassificationAnswers {
  /** Must it be fixed immediately? */
  immediate: boolean;
  /** Is the productivity of many people impaired? */
  manyAffected: boolean;
  /** By when must it be solved? */
  deadline: 'now' | 'today' | 'this_week' | 'later';
}

export interface Classification {
  urgency: Urgency;
  /** Why, in words, keyed for translation by the element. */
  reason: 'outage_many' | 'urgent_few' | 'many_soon' | 'many_later' | 'deadline_today' | 'no_rush';
}

/**
 * Proposes an urgency from the answers. The customer may override it; the rule is a
 * table so support staff can read and argue about it:
 *
 * | immediate | many people | deadline         | urgency  |
 * |-----------|-------------|------------------|----------|
 * | yes       | yes         | any              | blocker  |
 * | yes       | no          | any              | critical |
 * | no        | yes         | now / today      | critical |
 * | no        | yes         | this week / later| major    |
 * | no        | no          | now / today      | major    |
 * | no        | no          | this week / later| minor    |
 */
export function classify(a: ClassificationAnswers): Classification {
  const soon = a.deadline === 'now' || a.deadline === 'today';
  if (a.immediate && a.manyAffected) return { urgency: 'blocker', reason: 'outage_many' };
  if (a.immediate) return { urgency: 'critical', reason: 'urgent_few' };
  if (a.manyAffected) return soon ? { urgency: 'critical', reason: 'many_soon' } : { urgency: 'major', reason: 'many_later' };
  return soon ? { urgency: 'major', reason: 'deadline_today' } : { urgency: 'minor', reason: 'no_rush' };
}

/** What each urgency means and how fast the provider answers, from the tenant's contract. */
export type SupportTargets = Record<Urgency, { responseMinutes: number; meaning: string }>;

export const DEFAULT_TARGETS: SupportTargets = {
  blocker: { responseMinutes: 15, meaning: 'Production is down or unusable for many people; work stops until it is fixed.' },
  critical: { responseMinutes: 60, meaning: 'A serious fault that must be fixed now, or one that will soon stop many people working.' },
  major: { responseMinutes: 240, meaning: 'A fault with a workaround, or one that must be solved today.' },
  minor: { responseMinutes: 1440, meaning: 'A question, a request or a small fault that can wait for a planned fix.' },
};
