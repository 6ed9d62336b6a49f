import { writeBenchmarkSection } from '../shared/benchmarks-file';
/**
 * A simulated weekday in Landkreis Kusel, replayed headless at full speed through the dispatch
 * policy the worker runs (libs/simulation runDay: decideRide per booking, the improvement
 * search at the worker's cadence, over the embedded router's stop matrix). Every seed of
 * `--seeds` is replayed and checked against the service targets of issue 16; the first seed
 * also without pooling, for comparison. Prints the figures and writes them to BENCHMARKS.md
 * (between the bench:day markers).
 *
 *   npm run bench:day [-- --seeds 1-5 --fleet 10]
 */
import { BOOKING_TRIP_COST_S, flexibilityS, RIDE_TIME_TARGET, TRIP_COST_S } from '@app/dispatch';
import type { ServiceFigures } from '@app/domain';
import { loadMunicipalities, loadRailStations } from '@app/kusel-data';
import { EmbeddedRoutingAdapter } from '@app/routing';
import {
  buildTravelMatrix,
  DEFAULT_SIM_RULES,
  DEFAULT_REPLAY_ITERATIONS,
  FULL_REPLAY_ITERATIONS,
  figuresMarkdown,
  generateDay,
  kuselFleet,
  kuselPlaces,
  runDay,
} from '@app/simulation';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = join(__dirname, '..', '..');

/** Issue 16's targets on the Kusel weekday with 10 buses. */
const TARGETS: Array<[string, (f: ServiceFigures) => boolean]> = [
  ['served >= 98 %', (f) => f.servedShare >= 0.98],
  ['>= 2.7 riders per vehicle trip', (f) => f.ridersPerTrip >= 2.7],
  ['vehicle-km <= 1.1 x direct', (f) => f.kmRatio <= 1.1],
  ['p90 ride time <= 2.5 x direct', (f) => f.detour.p90 <= 2.5],
  ['every promise kept', (f) => f.promisesKept === f.promisesGiven],
];

/** `--seeds 1-5`, `--seeds 1,10` or `--seeds 1-5,8`: positive integers and ranges. */
function seedList(spec: string): number[] {
  const seeds: number[] = [];
  for (const part of spec.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    const [a, b] = m ? [Number(m[1]), Number(m[2] ?? m[1])] : [NaN, NaN];
    if (!m || a < 1 || b < a) {
      throw new Error(`--seeds: "${part}" is not a seed or a range of seeds (e.g. 1-5 or 1,10)`);
    }
    for (let s = a; s <= b; s++) seeds.push(s);
  }
  return seeds;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string', default: '1-5' },
      seed: { type: 'string' },
      fleet: { type: 'string', default: '10' },
    },
  });
  const seeds = seedList(values.seed ?? values.seeds);
  const fleet = kuselFleet(Number(values.fleet));
  const places = kuselPlaces(loadMunicipalities(), loadRailStations());
  const routing = await EmbeddedRoutingAdapter.fromOsmFile(
    join(ROOT, 'data/osm/kusel-synthetic.osm'),
  );
  const matrix = await buildTravelMatrix(places, routing);
  const progress = (name: string) => (done: number, total: number) => {
    if (done % 25 === 0 || done === total)
      process.stderr.write(`\r${name}: ${done}/${total} booked`);
    if (done === total) process.stderr.write('\n');
  };
  const rows: string[] = [];
  let first: { seed: number; pooled: ServiceFigures; alone: ServiceFigures } | null = null;
  let firstDay = generateDay(places, { seed: seeds[0] });
  let replayMs = 0;
  for (const seed of seeds) {
    const day = generateDay(places, { seed });
    const t0 = Date.now();
    const { figures: f } = runDay(day, fleet, matrix, {
      rules: DEFAULT_SIM_RULES,
      iterations: FULL_REPLAY_ITERATIONS,
      onProgress: progress(`seed ${seed}`),
    });
    replayMs = Math.max(replayMs, Date.now() - t0);
    const met = TARGETS.filter(([, ok]) => ok(f)).map(([name]) => name);
    const missed = TARGETS.filter(([, ok]) => !ok(f)).map(([name]) => name);
    rows.push(
      `| ${seed} | ${f.requests} | ${pct(f.servedShare)} | ${f.ridersPerTrip.toFixed(2)} | ${f.kmRatio.toFixed(2)} | ${f.waitMin.mean.toFixed(1)} / ${f.waitMin.p90.toFixed(1)} | ${f.detour.mean.toFixed(2)} / ${f.detour.p90.toFixed(2)} | ${f.excessRideMin.mean.toFixed(1)} / ${f.excessRideMin.p90.toFixed(1)} | ${f.promisesKept} / ${f.promisesGiven} | ${missed.length ? `missed: ${missed.join('; ')}` : `all ${met.length} met`} |`,
    );
    console.log(rows[rows.length - 1]);
    if (!first) {
      firstDay = day;
      const alone = runDay(day, fleet, matrix, {
        rules: DEFAULT_SIM_RULES,
        pooling: false,
        cadence: null,
        iterations: { periodic: 0, evening: 0, makeRoom: 0 },
        onProgress: progress('every ride alone'),
      });
      first = { seed, pooled: f, alone: alone.figures };
    }
  }
  const perSeed = [
    '| seed | requests | served | riders / vehicle trip | vehicle-km / direct km | wait min mean / p90 | ride / direct mean / p90 | excess ride min mean / p90 | promises kept | targets |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows,
  ].join('\n');
  console.log(perSeed);
  const detail = figuresMarkdown([
    { name: `pooling (seed ${first!.seed})`, figures: first!.pooled },
    { name: 'every ride alone', figures: first!.alone },
  ]);
  console.log(detail);
  const day = firstDay;
  const share = (k: string) => day.filter((r) => r.purpose === k).length;
  const it = FULL_REPLAY_ITERATIONS;
  const section = [
    '## Simulated weekday (`npm run bench:day`)',
    '',
    `Fleet: ${fleet.length} eight-seat minibuses, early and late shift each (05:00–14:00, 14:00–23:00). Rules (today's): ${DEFAULT_SIM_RULES.pickupWindowMin}-min pickup window, max ride ${DEFAULT_SIM_RULES.maxRideFactor} × direct + ${DEFAULT_SIM_RULES.maxRideExtraMin} min, ${DEFAULT_SIM_RULES.minNoticeMin} min notice.`,
    `Each seed is one generated weekday (seed ${seeds[0]}: ${day.length} requests from the Zensus 2022 population, ${share('to_rail')} to a rail station in the morning, ${share('from_rail')} back in the afternoon, ${share('village')} between villages; ${day.filter((r) => r.wheelchairPlaces).length} wheelchair users, ${day.filter((r) => r.bookedAtS < 0).length} booked the day before, ${day.filter((r) => r.cancelAtS !== null).length} cancellations, ${day.filter((r) => r.noShow).length} no-shows).`,
    `Replayed in-process through the worker's dispatch policy (libs/dispatch/src/policy: \`rideRequestOf\`, \`decideRide\`: the shortest added drive, a vehicle trip priced at ${BOOKING_TRIP_COST_S} s at booking, with ${it.makeRoom} LNS iterations to make room before a rejection, the ride-time target of ${RIDE_TIME_TARGET.factor} × direct inside the area's rule, a pickup up to ${flexibilityS(DEFAULT_SIM_RULES) / 60} min from the requested time before the promise; objective: driving time plus ${TRIP_COST_S} s per vehicle trip, \`planningInstance\`) and its planning cadence (the improvement search every 5 minutes over the next six hours, ${it.periodic} iterations, and at 20:00 the evening before over the prebooked day, ${it.evening} iterations: the worker's own budgets, \`IMPROVEMENT_ITERATIONS\`, which it searches unless IMPROVE_ITERATIONS / IMPROVE_EVENING_ITERATIONS say otherwise; the what-if runs a quicker ${DEFAULT_REPLAY_ITERATIONS.periodic} and ${DEFAULT_REPLAY_ITERATIONS.evening}), travel times from the embedded router on the synthetic Kusel network. Served share: served over requests less the rider's own cancellations and no-shows. Ride / direct: from the end of boarding to the start of alighting (as the engine's maximum ride time counts a ride: one driven straight is 1 × direct, however long the boarding takes) over the direct drive. "Every ride alone": the same engine and fleet, insertion only, each ride taking a whole vehicle.`,
    `Slowest replay of a day ${replayMs} ms (Node ${process.version}). Run on ${new Date().toISOString().slice(0, 10)}.`,
    '',
    'Targets (issue 16): served ≥ 98 %, ≥ 2.7 riders per vehicle trip, vehicle-km ≤ 1.1 × direct, p90 ride time ≤ 2.5 × direct, every promise kept.',
    '',
    perSeed,
    '',
    detail,
  ].join('\n');
  const file = join(ROOT, 'BENCHMARKS.md');
  writeBenchmarkSection(file, 'day', section);
  console.log(`updated ${file}`);
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
