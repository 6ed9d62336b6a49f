import { DriverShiftBinding } from '@app/auth';
import { Clock, Principal } from '@app/domain';
import { DriverShiftsRepository } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { ShiftRefusedError } from '../realtime.errors';

/** The vehicle a driver may act for: the one of their shift running now. */
export interface CurrentShift {
  shiftId: string;
  vehicleId: string;
  countyId: string;
  endsAt: Date;
}

const CACHE_MS = 30_000;

/**
 * Finds a driver's current shift (DriverShiftsRepository.currentOf). Positions arrive every
 * second, so answers are kept for 30 s, never past the shift's end; a shift the office deletes,
 * ends or moves is forgotten at once (`forget`, on its `events.shift-changed`), a shift added by
 * hand takes effect within the 30 s. What a driver does that counts (connecting, stop events)
 * asks `forPrincipal`, which checks a token's own shift afresh.
 */
@Injectable()
export class DriverShiftResolver {
  private readonly cache = new Map<string, { shift: CurrentShift | null; until: number }>();
  private readonly inFlight = new Map<string, Promise<CurrentShift | null>>();
  /** Bumped by `forget`: a lookup that began before it does not keep its (older) answer. */
  private generation = 0;

  constructor(
    private readonly shifts: DriverShiftsRepository,
    private readonly binding: DriverShiftBinding,
    private readonly clock: Clock,
  ) {}

  async current(driverId: string): Promise<CurrentShift | null> {
    const now = this.clock.now();
    const hit = this.cache.get(driverId);
    if (hit && hit.until > now.getTime()) return hit.shift;
    let pending = this.inFlight.get(driverId);
    if (!pending) {
      pending = this.load(driverId, now).finally(() => this.inFlight.delete(driverId));
      this.inFlight.set(driverId, pending);
    }
    return pending;
  }

  /**
   * The shift a driver's frequent messages (positions) act for: the cached answer of `current`,
   * but for a token bound to a shift only that shift, as HTTP requests are held to it. A cached
   * shift that is not the token's is checked afresh (`forPrincipal`), so a stale cache never
   * moves the wrong vehicle and never refuses a token that holds.
   * @throws ShiftRefusedError when the token's shift has ended or is no longer the driver's.
   */
  async currentFor(principal: Principal): Promise<CurrentShift | null> {
    const shift = await this.current(principal.sub);
    if (!principal.shiftId || shift?.shiftId === principal.shiftId) return shift;
    return this.forPrincipal(principal);
  }

  /** The office changed one of the driver's shifts: the next question reads it afresh. */
  forget(driverId: string): void {
    this.generation++;
    this.cache.delete(driverId);
    this.inFlight.delete(driverId);
  }

  /**
   * The shift a driver's token may act for now, read afresh. A token bound to a shift (signed
   * in by phone) acts only for that shift, once it has begun; development tokens carry none
   * and act for the shift running now.
   * @throws ShiftRefusedError when the token's shift has ended or is no longer the driver's.
   */
  async forPrincipal(principal: Principal): Promise<CurrentShift | null> {
    const now = this.clock.now();
    const bound = await this.binding.check(principal, now);
    if (!bound) return this.load(principal.sub, now);
    if (!bound.ok) throw new ShiftRefusedError(bound.code);
    const s = bound.shift;
    return s.startsAt.getTime() <= now.getTime()
      ? { shiftId: s.shiftId, vehicleId: s.vehicleId, countyId: s.countyId, endsAt: s.endsAt }
      : null;
  }

  private async load(driverId: string, now: Date): Promise<CurrentShift | null> {
    const generation = this.generation;
    const s = await this.shifts.currentOf(driverId, now);
    const shift = s
      ? { shiftId: s.shiftId, vehicleId: s.vehicleId, countyId: s.countyId, endsAt: s.endsAt }
      : null;
    const until = Math.min(now.getTime() + CACHE_MS, shift ? shift.endsAt.getTime() : Infinity);
    if (generation === this.generation) this.cache.set(driverId, { shift, until });
    return shift;
  }
}
