import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { ScheduledStopRecord } from '../entities/vehicle-schedule.entity';

/** The schedule of the shift a vehicle is running at some instant. */
export interface CurrentSchedule {
  id: string;
  vehicleId: string;
  version: number;
  stops: ScheduledStopRecord[];
  shiftStartsAt: Date;
  shiftEndsAt: Date;
}

/** A vehicle of a county with its shift running at some instant and that shift's schedule. */
export interface VehicleNow {
  vehicleId: string;
  callSign: string;
  seats: number;
  wheelchairPlaces: number;
  shift: { startsAt: Date; endsAt: Date } | null;
  /** Null when no shift runs, or it has no schedule yet. */
  schedule: { id: string; version: number; stops: ScheduledStopRecord[] } | null;
}

/**
 * The one place that answers "the current schedule of a vehicle": the schedule of the shift
 * with `starts_at <= at < ends_at` that was not cancelled. Used by the driver's stop events, the trip lists and the
 * console's live fleet.
 */
@Injectable()
export class VehicleSchedulesRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** The schedule of the vehicle's shift running at `at`, or null when none runs. */
  async currentOf(
    vehicleId: string,
    at: Date,
    em: EntityManager = this.ds.manager,
  ): Promise<CurrentSchedule | null> {
    const rows = (await em.query(
      `SELECT vs.id, vs.vehicle_id, vs.version, vs.stops, s.starts_at, s.ends_at
         FROM vehicle_schedules vs JOIN shifts s ON s.id = vs.shift_id
        WHERE vs.vehicle_id = $1 AND s.starts_at <= $2 AND s.ends_at > $2
          AND s.cancelled_at IS NULL
        ORDER BY s.starts_at DESC LIMIT 1`,
      [vehicleId, at],
    )) as Array<{
      id: string;
      vehicle_id: string;
      version: number;
      stops: ScheduledStopRecord[];
      starts_at: Date;
      ends_at: Date;
    }>;
    const r = rows[0];
    return r
      ? {
          id: r.id,
          vehicleId: r.vehicle_id,
          version: r.version,
          stops: r.stops ?? [],
          shiftStartsAt: r.starts_at,
          shiftEndsAt: r.ends_at,
        }
      : null;
  }

  /** Every active vehicle of the county, by call sign, with its shift and schedule at `at`. */
  async fleetAt(countyId: string, at: Date): Promise<VehicleNow[]> {
    const rows = (await this.ds.query(
      `SELECT v.id, v.call_sign, v.seats, v.wheelchair_places, s.starts_at, s.ends_at,
              vs.id AS schedule_id, vs.version, vs.stops
         FROM vehicles v
         LEFT JOIN shifts s ON s.vehicle_id = v.id AND s.starts_at <= $2 AND s.ends_at > $2
          AND s.cancelled_at IS NULL
         LEFT JOIN vehicle_schedules vs ON vs.shift_id = s.id
        WHERE v.county_id = $1 AND v.active ORDER BY v.call_sign`,
      [countyId, at],
    )) as Array<{
      id: string;
      call_sign: string;
      seats: number;
      wheelchair_places: number;
      starts_at: Date | null;
      ends_at: Date | null;
      schedule_id: string | null;
      version: number | null;
      stops: ScheduledStopRecord[] | null;
    }>;
    return rows.map((r) => ({
      vehicleId: r.id,
      callSign: r.call_sign,
      seats: r.seats,
      wheelchairPlaces: r.wheelchair_places,
      shift: r.starts_at && r.ends_at ? { startsAt: r.starts_at, endsAt: r.ends_at } : null,
      schedule: r.schedule_id
        ? { id: r.schedule_id, version: r.version ?? 0, stops: r.stops ?? [] }
        : null,
    }));
  }
}
