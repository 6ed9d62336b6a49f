import { TripListMessage } from '@app/contracts';
import { Clock } from '@app/domain';
import { ScheduledStopRecord, VehicleSchedulesRepository } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { buildTripList, TripBookingFacts, TripStopFacts } from './trip-list.builder';

/** A trip list with the facts the ETA needs beside it. */
export interface LoadedTrip {
  message: TripListMessage;
  bookings: ReadonlyMap<string, TripBookingFacts>;
}

const CACHE_MS = 60_000;

/**
 * Loads vehicles' trip lists from `vehicle_schedules`, keeping each in memory until the
 * schedule or one of its bookings changes (the change events invalidate it) or a minute passes.
 */
@Injectable()
export class TripListService {
  private readonly cache = new Map<string, { trip: LoadedTrip | null; until: number }>();

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly schedules: VehicleSchedulesRepository,
  ) {}

  /** The trip list of the vehicle's shift running now, or null when it has none. */
  async forVehicle(vehicleId: string): Promise<LoadedTrip | null> {
    const now = this.clock.now();
    const hit = this.cache.get(vehicleId);
    if (hit && hit.until > now.getTime()) return hit.trip;
    const current = await this.schedules.currentOf(vehicleId, now);
    const trip = current
      ? await this.build({
          id: current.id,
          vehicle_id: current.vehicleId,
          version: current.version,
          stops: current.stops,
        })
      : null;
    this.cache.set(vehicleId, { trip, until: now.getTime() + CACHE_MS });
    return trip;
  }

  /** One schedule by id, whatever its shift (as announced by `events.schedule-changed`). */
  async bySchedule(scheduleId: string): Promise<LoadedTrip | null> {
    const rows = (await this.ds.query(
      `SELECT id, vehicle_id, version, stops FROM vehicle_schedules WHERE id = $1`,
      [scheduleId],
    )) as ScheduleRow[];
    return rows[0] ? this.build(rows[0]) : null;
  }

  invalidate(vehicleId: string): void {
    this.cache.delete(vehicleId);
  }

  private async build(row: ScheduleRow): Promise<LoadedTrip> {
    const bookingIds = [...new Set(row.stops.flatMap((s) => [...s.pickups, ...s.dropoffs]))];
    const stopIds = [...new Set(row.stops.map((s) => s.stopId))];
    const [bookingRows, stopRows] = await Promise.all([
      bookingIds.length
        ? (this.ds.query(
            `SELECT b.id, b.rider_id, r.name AS rider_name, b.passengers, b.wheelchair_places,
                    r.needs, r.notes, b.status
               FROM bookings b JOIN riders r ON r.id = b.rider_id
              WHERE b.id = ANY($1::uuid[])`,
            [bookingIds],
          ) as Promise<BookingRow[]>)
        : Promise.resolve([] as BookingRow[]),
      stopIds.length
        ? (this.ds.query(`SELECT id, name, lat, lon FROM stops WHERE id = ANY($1::uuid[])`, [
            stopIds,
          ]) as Promise<TripStopFacts[]>)
        : Promise.resolve([] as TripStopFacts[]),
    ]);
    const bookings = new Map<string, TripBookingFacts>(
      bookingRows.map((b) => [
        b.id,
        {
          id: b.id,
          riderId: b.rider_id,
          riderName: b.rider_name,
          passengers: b.passengers,
          wheelchairPlaces: b.wheelchair_places,
          needs: b.needs ?? [],
          notes: b.notes,
          status: b.status,
        },
      ]),
    );
    const stops = new Map(stopRows.map((s) => [s.id, s]));
    const message = buildTripList(
      { id: row.id, vehicleId: row.vehicle_id, version: row.version, stops: row.stops },
      bookings,
      stops,
    );
    return { message, bookings };
  }
}

interface ScheduleRow {
  id: string;
  vehicle_id: string;
  version: number;
  stops: ScheduledStopRecord[];
}

interface BookingRow {
  id: string;
  rider_id: string;
  rider_name: string;
  passengers: number;
  wheelchair_places: number;
  needs: string[] | null;
  notes: string | null;
  status: TripBookingFacts['status'];
}
