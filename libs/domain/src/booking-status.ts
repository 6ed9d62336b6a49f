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
  'at_risk',
] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

/**
 * Allowed moves of a booking's life; everything else is a bug or a race lost. `offered`: the
 * rider asked to see the offer first (`confirmation: 'rider'`); the seat is held until the rider
 * accepts or the offer expires. `at_risk`: a fleet change (shift ended, vehicle out of service,
 * fewer places) took the booking off its vehicle and no other vehicle could keep its promise; the
 * office moves it to a vehicle by hand (back to `confirmed`), extends a shift, or cancels it.
 */
const TRANSITIONS: Record<BookingStatus, readonly BookingStatus[]> = {
  requested: ['offered', 'confirmed', 'rejected', 'cancelled'],
  offered: ['confirmed', 'expired', 'cancelled', 'at_risk'],
  confirmed: ['picked_up', 'cancelled', 'no_show', 'at_risk'],
  at_risk: ['confirmed', 'cancelled'],
  picked_up: ['dropped_off'],
  rejected: [],
  dropped_off: [],
  cancelled: [],
  no_show: [],
  expired: [],
};

/** The status every booking is created in; the dispatch worker decides it from there. */
export const BOOKING_ENTRY_STATUS = 'requested' satisfies BookingStatus;

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

/** Statuses of a booking that still holds (or may still get) a seat: not final. */
export const OPEN_BOOKING_STATUSES: readonly BookingStatus[] = BOOKING_STATUSES.filter(
  (s) => !isFinal(s),
);
