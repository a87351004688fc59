import { ConflictError } from '../../errors.js';
import { errorMessage } from '../../error-messages.js';

/**
 * An order's life, documented for customers and staff alike:
 *
 * submitted → in_review → approved → provisioning → completed
 *                                                 ↘ awaiting_delivery → awaiting_device_return → device_received → completed
 *
 * A hardware refresh ships the new device first (`awaiting_delivery`, staff enter carrier and
 * tracking number); the contract moves to it when staff confirm the delivery, and then the
 * old device comes back.
 * submitted / in_review → cancelled (customer or staff) · in_review → rejected (staff)
 * approved → cancelled while it waits for its time (`scheduledFor`); once provisioning it
 * is being carried out at the provider and can no longer be cancelled.
 * provisioning → failed: the provider refused or the change failed there; nothing is billed,
 * the contract is unchanged, and staff see the provider's reason in their review queue.
 *
 * An approved order can wait for its time (a resize tonight, a downgrade at the end of the
 * paid period) before it is provisioned.
 *
 * Self-serve orders pass from submitted straight to approved.
 */
export const OrderState = {
  submitted: 'submitted',
  in_review: 'in_review',
  approved: 'approved',
  provisioning: 'provisioning',
  awaiting_delivery: 'awaiting_delivery',
  awaiting_device_return: 'awaiting_device_return',
  device_received: 'device_received',
  completed: 'completed',
  cancelled: 'cancelled',
  rejected: 'rejected',
  failed: 'failed',
} as const;
export type OrderState = (typeof OrderState)[keyof typeof OrderState];
export const ORDER_STATES = Object.values(OrderState) as [OrderState, ...OrderState[]];

const NEXT: Record<OrderState, readonly OrderState[]> = {
  submitted: ['in_review', 'approved', 'cancelled'],
  in_review: ['approved', 'rejected', 'cancelled'],
  approved: ['provisioning', 'cancelled'],
  provisioning: ['awaiting_delivery', 'completed', 'failed'],
  awaiting_delivery: ['awaiting_device_return'],
  awaiting_device_return: ['device_received'],
  device_received: ['completed'],
  completed: [],
  cancelled: [],
  rejected: [],
  failed: [],
};

export const canMove = (from: OrderState, to: OrderState): boolean => NEXT[from].includes(to);

export const isOpen = (state: OrderState): boolean => NEXT[state].length > 0;

/** Throws a 409 a person can read when `from → to` is not a step of the life above. */
export function assertMove(from: OrderState, to: OrderState): void {
  if (!canMove(from, to)) {
    throw new ConflictError(errorMessage('invalid_state', { from, to }));
  }
}
