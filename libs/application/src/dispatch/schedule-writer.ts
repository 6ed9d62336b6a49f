import type { Schedule } from '@app/dispatch';
import { ScheduledStopRecord, VehicleScheduleEntity } from '@app/persistence';
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
  const { schedule } = planned;
  const result = await em
    .createQueryBuilder()
    .update(VehicleScheduleEntity)
    .set({ stops: [...planned.frozen, ...open], version: () => 'version + 1' })
    .where('id = :id AND version = :version', { id: schedule.id, version: schedule.version })
    .execute();
  if (result.affected !== 1) throw new ScheduleVersionConflict(schedule.id);
  schedule.version += 1;
  await recordPickupMoves(em, open);
  return schedule.version;
}
