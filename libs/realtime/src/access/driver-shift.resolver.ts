import { Clock } from '@app/domain';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** The vehicle a driver may act for: the one of their shift running now. */
export interface CurrentShift {
  shiftId: string;
  vehicleId: string;
  countyId: string;
  endsAt: Date;
}

const CACHE_MS = 30_000;

/**
 * Finds a driver's current shift (`starts_at <= now < ends_at`). Positions arrive every second,
 * so answers are kept for 30 s, never past the shift's end; a shift added or moved by the office
 * takes effect within that time.
 */
@Injectable()
export class DriverShiftResolver {
  private readonly cache = new Map<string, { shift: CurrentShift | null; until: number }>();
  private readonly inFlight = new Map<string, Promise<CurrentShift | null>>();

  constructor(
    private readonly ds: DataSource,
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

  private async load(driverId: string, now: Date): Promise<CurrentShift | null> {
    const rows = (await this.ds.query(
      `SELECT s.id, s.vehicle_id, s.ends_at, v.county_id FROM shifts s
         JOIN vehicles v ON v.id = s.vehicle_id
        WHERE s.driver_id::text = $1 AND s.starts_at <= $2 AND s.ends_at > $2
          AND s.cancelled_at IS NULL
        LIMIT 1`,
      [driverId, now],
    )) as Array<{ id: string; vehicle_id: string; ends_at: Date; county_id: string }>;
    const shift = rows[0]
      ? {
          shiftId: rows[0].id,
          vehicleId: rows[0].vehicle_id,
          countyId: rows[0].county_id,
          endsAt: new Date(rows[0].ends_at),
        }
      : null;
    const until = Math.min(now.getTime() + CACHE_MS, shift ? shift.endsAt.getTime() : Infinity);
    this.cache.set(driverId, { shift, until });
    return shift;
  }
}
