import { StopEntity } from '@app/persistence';
import { DataSource } from 'typeorm';

// The independent checker lives in libs/application (the dispatch worker runs it too, issue 12).
export { checkStoredPlans, type PlanCheck } from '@app/application';
export { startKuselRouter } from '../support/dispatch-stack';

/**
 * Travel times between every pair of stops as the routing server answers them (its /table), for
 * {@link checkStoredPlans}: seconds from one stop id to another.
 */
export async function roadTravelS(
  routerUrl: string,
  ds: DataSource,
): Promise<(fromStopId: string, toStopId: string) => number> {
  const stops = await ds.getRepository(StopEntity).find();
  const res = await fetch(
    `${routerUrl}/table/v1/driving/${stops.map((s) => `${s.lon},${s.lat}`).join(';')}?annotations=duration`,
  );
  const table = (await res.json()) as { durations: number[][] };
  const idx = new Map(stops.map((s, i) => [s.id, i]));
  return (a, b) => table.durations[idx.get(a)!][idx.get(b)!];
}
