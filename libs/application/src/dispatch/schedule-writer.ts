import type { Schedule } from '@app/dispatch';
import { ScheduledStopRecord } from '@app/persistence';
import { EntityManager } from 'typeorm';
import { PlannedShift } from './fleet-snapshot';
import { fromS } from './ride-request.mapper';
import { recordPickupMoves } from '../rider-messages/pickup-moves';

/** Another writer changed the schedule since it was read; the job is retried. */
export class ScheduleVersionConflict extends Error {
  constructor(scheduleId: string) {
    super(`schedule ${scheduleId} changed meanwhile`);
    this.name = 'ScheduleVersionConflict';
  }
}

/** The engine's timed stops as stored records: one record per boarding or alighting. */
export function toStopRecords(
  schedule: Schedule,
  bookingStop: (requestId: string, type: 'pickup' | 'dropoff') => string,
): ScheduledStopRecord[] {
  return schedule.stops.map((s) => ({
    stopId: bookingStop(s.requestId, s.type),
    plannedArrivalAt: fromS(s.arrivalS).toISOString(),
    plannedDepartureAt: fromS(s.departureS).toISOString(),
    pickups: s.type === 'pickup' ? [s.requestId] : [],
    dropoffs: s.type === 'dropoff' ? [s.requestId] : [],
    load: { seats: s.loadAfter.seats, wheelchairPlaces: s.loadAfter.wheelchairs },
  }));
}

/**
 * Stores a vehicle's new plan behind its driven stops, guarded by the schedule's version
 * (optimistic lock): the update only lands if nobody wrote the row since it was read.
 * @returns the new version
 */
export async function saveSchedule(
  em: EntityManager,
  planned: PlannedShift,
  open: ScheduledStopRecord[],
): Promise<number> {
  return (await saveSchedules(em, [{ planned, open }]))[0];
}

/**
 * {@link saveSchedule} for several vehicles in one statement (a dispatch batch): every row's
 * version is checked, and if one changed meanwhile nothing is written.
 * @returns the new versions, in the order given
 * @throws ScheduleVersionConflict naming a schedule another writer changed
 */
export async function saveSchedules(
  em: EntityManager,
  items: ReadonlyArray<{ planned: PlannedShift; open: ScheduledStopRecord[] }>,
): Promise<number[]> {
  if (!items.length) return [];
  const params: unknown[] = [];
  const tuples = items.map(({ planned, open }) => {
    params.push(
      planned.schedule.id,
      planned.schedule.version,
      JSON.stringify([...planned.frozen, ...open]),
    );
    const n = params.length;
    return `($${n - 2}::uuid, $${n - 1}::int, $${n}::jsonb)`;
  });
  // TypeORM answers an UPDATE on PostgreSQL with [returned rows, affected count].
  const [rows] = (await em.query(
    `UPDATE vehicle_schedules AS s SET stops = v.stops, version = s.version + 1, updated_at = now()
       FROM (VALUES ${tuples.join(', ')}) AS v(id, version, stops)
      WHERE s.id = v.id AND s.version = v.version
      RETURNING s.id`,
    params,
  )) as [Array<{ id: string }>, number];
  const written = new Set(rows.map((r) => r.id));
  const lost = items.find((i) => !written.has(i.planned.schedule.id));
  if (lost) throw new ScheduleVersionConflict(lost.planned.schedule.id);
  await recordPickupMoves(
    em,
    items.flatMap((i) => i.open),
  );
  return items.map(({ planned }) => ++planned.schedule.version);
}
