import { isUuid } from '@app/domain';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A driver's shift as access rules need it. */
export interface DriverShift {
  shiftId: string;
  driverId: string;
  vehicleId: string;
  /** The county of the shift's vehicle. */
  countyId: string;
  startsAt: Date;
  endsAt: Date;
  /** Set when the office called the shift off before it began. */
  cancelledAt: Date | null;
}

const SELECT = `SELECT s.id, s.driver_id, s.vehicle_id, v.county_id, s.starts_at, s.ends_at, s.cancelled_at
  FROM shifts s JOIN vehicles v ON v.id = s.vehicle_id`;

interface Row {
  id: string;
  driver_id: string;
  vehicle_id: string;
  county_id: string;
  starts_at: Date;
  ends_at: Date;
  cancelled_at: Date | null;
}

/**
 * The one place that answers "the shift a driver is on": the shift of the driver with
 * `starts_at <= at < ends_at` that was not cancelled (the exclusion constraints allow at most
 * one). Used by the driver's sign-in and token checks, the realtime gateway's binding of a
 * driver's connection, and the driver app's shift.
 */
@Injectable()
export class DriverShiftsRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /**
   * The driver's shift running at `at`; with `leadMs`, else the next one beginning within
   * `leadMs` after `at` (a driver signs in shortly before the shift). Null when there is none.
   */
  async currentOf(driverId: string, at: Date, leadMs = 0): Promise<DriverShift | null> {
    const rows = (await this.ds.query(
      `${SELECT}
        WHERE s.driver_id::text = $1 AND s.starts_at <= $2 AND s.ends_at > $3
          AND s.cancelled_at IS NULL
        ORDER BY s.starts_at LIMIT 1`,
      [driverId, new Date(at.getTime() + leadMs), at],
    )) as Row[];
    return rows[0] ? toShift(rows[0]) : null;
  }

  /** A shift by id, whoever's and whenever it is; null when it was deleted. */
  async byId(shiftId: string): Promise<DriverShift | null> {
    // Compared as a uuid (the primary key's index), once it is one: a token's claim is text.
    if (!isUuid(shiftId)) return null;
    const rows = (await this.ds.query(`${SELECT} WHERE s.id = $1::uuid`, [shiftId])) as Row[];
    return rows[0] ? toShift(rows[0]) : null;
  }
}

function toShift(r: Row): DriverShift {
  return {
    shiftId: r.id,
    driverId: r.driver_id,
    vehicleId: r.vehicle_id,
    countyId: r.county_id,
    startsAt: new Date(r.starts_at),
    endsAt: new Date(r.ends_at),
    cancelledAt: r.cancelled_at ? new Date(r.cancelled_at) : null,
  };
}
