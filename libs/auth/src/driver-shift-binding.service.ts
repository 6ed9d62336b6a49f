import { Principal } from '@app/domain';
import { DriverShift, DriverShiftsRepository } from '@app/persistence';
import { Inject, Injectable } from '@nestjs/common';

export interface DriverBindingOptions {
  /** How long before a shift begins its driver may sign in for it, seconds. */
  signInLeadS: number;
  /** How long after the shift's end a driver's token still verifies, seconds. */
  graceS: number;
}

export const DRIVER_BINDING_OPTIONS = Symbol('DRIVER_BINDING_OPTIONS');

/**
 * Why a driver's token no longer holds: `shift_ended` (its end has passed, also when the office
 * ended or shortened it) or `shift_changed` (deleted, called off, given to another driver, or
 * moved so it no longer begins soon).
 */
export type ShiftRefusal = 'shift_ended' | 'shift_changed';

export type ShiftCheck = { ok: true; shift: DriverShift } | { ok: false; code: ShiftRefusal };

/** What a driver's app shows for each refusal; the apps word it in German and English. */
export const SHIFT_REFUSAL_MESSAGES: Record<ShiftRefusal | 'no_current_shift', string> = {
  no_current_shift: 'no shift of yours runs now or begins soon; sign in shortly before it begins',
  shift_ended: 'the shift this sign-in was for has ended; sign in again for your next shift',
  shift_changed: 'the office changed the shift this sign-in was for; please sign in again',
};

/**
 * The one rule binding a driver's sign-in to a shift. A driver signs in for the shift running
 * now, or the next one beginning within `signInLeadS`; the session (its access tokens, refresh
 * tokens and sockets) then holds exactly as long as that shift is still the driver's and has
 * not ended. Access tokens never outlive the shift's end by more than `graceS`.
 */
@Injectable()
export class DriverShiftBinding {
  constructor(
    private readonly shifts: DriverShiftsRepository,
    @Inject(DRIVER_BINDING_OPTIONS) private readonly options: DriverBindingOptions,
  ) {}

  /** The shift a driver signing in now is bound to; null: none runs now or begins soon. */
  forSignIn(driverId: string, now = new Date()): Promise<DriverShift | null> {
    return this.shifts.currentOf(driverId, now, this.options.signInLeadS * 1000);
  }

  /**
   * Whether a driver's token still holds: its shift is the driver's, not called off, has not
   * ended, and (if not begun) still begins within the lead. Tokens without a shift
   * (development tokens) follow whatever shift runs, as the realtime gateway always did.
   */
  async check(principal: Principal, now = new Date()): Promise<ShiftCheck | null> {
    if (principal.role !== 'driver' || !principal.shiftId) return null;
    const s = await this.shifts.byId(principal.shiftId);
    if (!s || s.cancelledAt || s.driverId !== principal.sub)
      return { ok: false, code: 'shift_changed' };
    if (principal.countyId && s.countyId !== principal.countyId)
      return { ok: false, code: 'shift_changed' };
    if (s.endsAt.getTime() <= now.getTime()) return { ok: false, code: 'shift_ended' };
    if (s.startsAt.getTime() - this.options.signInLeadS * 1000 > now.getTime())
      return { ok: false, code: 'shift_changed' };
    return { ok: true, shift: s };
  }

  /** An access token's lifetime for this shift: the usual one, cut at the shift's end + grace. */
  accessTtlS(shiftEndsAt: Date, usualS: number, now = new Date()): number {
    const untilEndS = Math.floor(
      (shiftEndsAt.getTime() + this.options.graceS * 1000 - now.getTime()) / 1000,
    );
    return Math.max(1, Math.min(usualS, untilEndS));
  }
}
