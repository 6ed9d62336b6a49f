import { BookingRequestInput, TimeKind } from '@app/domain';
import { BookingView } from './booking.view';

export interface CreateBookingCommand extends BookingRequestInput {
  /** The rider travelling; for a rider's own token it is their subject. */
  riderId: string;
  idempotencyKey?: string;
  /** `rider`: the worker holds an offer the rider accepts; `auto` (default): confirmed at once. */
  confirmation?: 'auto' | 'rider';
  /**
   * A train of the imported timetable the ride connects with: to the station to catch it
   * (arrive-by its departure less the transfer buffer), or from the station after it (the pickup
   * window opens at its arrival). Replaces `time`.
   */
  train?: { tripId: string; serviceDate: string };
  /** Book the way back too: from the destination to the origin, planned as its own ride. */
  returnTrip?: { timeKind: TimeKind; time: Date };
  /**
   * The office books past the area's rider booking limits (overlapping and open bookings per
   * rider), e.g. for a caller whose earlier booking is about to be cancelled. Office only.
   */
  overrideRiderLimits?: boolean;
}

export interface CreateBookingResult {
  booking: BookingView;
  /** The return leg, when the booking was made with its return trip. */
  returnBooking?: BookingView;
  /** True when the Idempotency-Key had been used with the same body: nothing new was created. */
  replayed: boolean;
}
