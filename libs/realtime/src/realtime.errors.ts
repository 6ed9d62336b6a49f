import { SHIFT_REFUSAL_MESSAGES, ShiftRefusal } from '@app/auth';
import { DomainError } from '@app/domain';

/** A driver sends for a vehicle, or reports at a stop, without a shift running now. */
export class NoCurrentShiftError extends DomainError {
  readonly code = 'no_current_shift';
  constructor(driverId: string) {
    super(`driver ${driverId} has no shift running now`);
  }
}

/** The connection's token does not allow this request (wrong role, no county). */
export class NotAllowedError extends DomainError {
  readonly code = 'forbidden';
}

/** The connection has no valid token (it expired and was not refreshed, or the new one is bad). */
export class UnauthenticatedError extends DomainError {
  readonly code = 'unauthorized';
}

/**
 * A driver's token was signed in for a shift that has ended (`shift_ended`) or is no longer the
 * driver's (`shift_changed`): the driver app asks to sign in again.
 */
export class ShiftRefusedError extends DomainError {
  constructor(readonly code: ShiftRefusal) {
    super(SHIFT_REFUSAL_MESSAGES[code]);
  }
}
