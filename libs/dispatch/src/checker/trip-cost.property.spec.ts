import * as fc from 'fast-check';
import { compileInstance } from '../core/compiled-instance';
import { routeSetFromPlans } from '../core/plan-conversion';
import type { RoutePlan, StopRef } from '../model/dispatch.types';
import { randomWorld, worldInstance } from '../testing/random-instance';
import { checkSolution } from './solution-checker';

/**
 * Random stop orders (pickup before drop-off, schedules not asked for) on worlds whose riders
 * share few places, so visits of one place with riders both getting off and on are common.
 */
const plannedWorlds = fc
  .tuple(randomWorld, fc.array(fc.nat(), { minLength: 40, maxLength: 40 }))
  .map(([world, picks]) => {
    let next = 0;
    const pick = (n: number): number => picks[next++ % picks.length] % n;
    const open: string[][] = world.vehicles.map(() => []);
    for (const r of world.requests) open[pick(open.length)].push(r.id);
    const plans: RoutePlan[] = world.vehicles.map((veh, v) => {
      const waiting = [...open[v]];
      const aboard: string[] = [];
      const stops: StopRef[] = [];
      while (waiting.length || aboard.length) {
        const k = pick(waiting.length + aboard.length);
        if (k < waiting.length) {
          const [id] = waiting.splice(k, 1);
          aboard.push(id);
          stops.push({ requestId: id, type: 'pickup' });
        } else {
          const [id] = aboard.splice(k - waiting.length, 1);
          stops.push({ requestId: id, type: 'dropoff' });
        }
      }
      return { vehicleId: veh.id, stops };
    });
    return { instance: { ...worldInstance(world), tripCost: 600 }, plans };
  });

describe('trip cost: the independent checker and the engine', () => {
  it('price every route alike, trips counted by the service figures rule', () => {
    fc.assert(
      fc.property(plannedWorlds, ({ instance, plans }) => {
        const engine = routeSetFromPlans(compileInstance(instance), plans).totalCost();
        expect(checkSolution(instance, plans).cost).toBeCloseTo(engine, 6);
      }),
      { numRuns: 500, seed: 29 },
    );
  });
});
