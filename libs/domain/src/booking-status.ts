import { IllegalStatusTransitionError } from './errors';

export const BOOKING_STATUSES = [
  'requested',
  'offered',
  'confirmed',
  'rejected',
  'picked_up',
  'dropped_off',
  'cancelled',
  'no_show',
  'expired',
] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/**
 * Allowed moves of a booking's life; everything else is a bug or a race lost. `offered`: the
 * rider asked to see the offer first (`confirmation: 'rider'`); the seat is held until the rider
 * accepts or the offer expires.
 */
const TRANSITIONS: Record<BookingStatus, readonly BookingStatus[]> = {
  requested: ['offered', 'confirmed', 'rejected', 'cancelled'],
  offered: ['confirmed', 'expired', 'cancelled'],
  confirmed: ['picked_up', 'cancelled', 'no_show'],
  picked_up: ['dropped_off'],
  rejected: [],
  dropped_off: [],
  cancelled: [],
  no_show: [],
  expired: [],
};

export function canTransition(from: BookingStatus, to: BookingStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: BookingStatus, to: BookingStatus): void {
  if (!canTransition(from, to)) throw new IllegalStatusTransitionError(from, to);
}

/** A booking is live from confirmation until the rider leaves the vehicle. */
export function isLive(status: BookingStatus): boolean {
  return status === 'confirmed' || status === 'picked_up';
}

export function isFinal(status: BookingStatus): boolean {
  return TRANSITIONS[status].length === 0;
}
