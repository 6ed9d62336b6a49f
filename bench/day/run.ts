import { writeBenchmarkSection } from '../shared/benchmarks-file';
/**
 * A simulated weekday in Landkreis Kusel, replayed headless at full speed through the pooling
 * engine (libs/simulation runDay over the embedded router's stop matrix), once with pooling and
 * once with every ride alone. Prints the service figures and writes them to BENCHMARKS.md
 * (between the bench:day markers).
 *
 *   npm run bench:day [-- --seed 7 --fleet 10]
 */
import { loadMunicipalities, loadRailStations } from '@app/kusel-data';
import { EmbeddedRoutingAdapter } from '@app/routing';
import {
  buildTravelMatrix,
  DEFAULT_SIM_RULES,
  figuresMarkdown,
  generateDay,
  kuselFleet,
  kuselPlaces,
  runDay,
} from '@app/simulation';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = join(__dirname, '..', '..');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { seed: { type: 'string', default: '1' }, fleet: { type: 'string', default: '10' } },
  });
  const seed = Number(values.seed);
  const fleet = kuselFleet(Number(values.fleet));
  const places = kuselPlaces(loadMunicipalities(), loadRailStations());
  const day = generateDay(places, { seed });
  const routing = await EmbeddedRoutingAdapter.fromOsmFile(
    join(ROOT, 'data/osm/kusel-synthetic.osm'),
  );
  const matrix = await buildTravelMatrix(places, routing);
  const progress = (name: string) => (done: number, total: number) => {
    if (done % 25 === 0 || done === total)
      process.stderr.write(`\r${name}: ${done}/${total} booked`);
    if (done === total) process.stderr.write('\n');
  };
  const t0 = Date.now();
  const pooled = runDay(day, fleet, matrix, {
    rules: DEFAULT_SIM_RULES,
    onProgress: progress('pooling'),
  });
  const t1 = Date.now();
  const alone = runDay(day, fleet, matrix, {
    rules: DEFAULT_SIM_RULES,
    pooling: false,
    onProgress: progress('every ride alone'),
  });
  const t2 = Date.now();
  const table = figuresMarkdown([
    { name: 'pooling', figures: pooled.figures },
    { name: 'every ride alone', figures: alone.figures },
  ]);
  console.log(table);
  const share = (k: string) => day.filter((r) => r.purpose === k).length;
  const section = [
    '## Simulated weekday (`npm run bench:day`)',
    '',
    `Seed ${seed}: ${day.length} requests generated from the Zensus 2022 population (${share('to_rail')} to a rail station in the morning, ${share('from_rail')} back in the afternoon, ${share('village')} between villages; ${day.filter((r) => r.wheelchairPlaces).length} wheelchair users, ${day.filter((r) => r.bookedAtS < 0).length} booked the day before, ${day.filter((r) => r.cancelAtS !== null).length} cancellations, ${day.filter((r) => r.noShow).length} no-shows).`,
    `Fleet: ${fleet.length} eight-seat minibuses, early and late shift each (05:00–14:00, 14:00–23:00). Rules: ${DEFAULT_SIM_RULES.pickupWindowMin}-min pickup window, max ride ${DEFAULT_SIM_RULES.maxRideFactor} × direct + ${DEFAULT_SIM_RULES.maxRideExtraMin} min, ${DEFAULT_SIM_RULES.minNoticeMin} min notice.`,
    'Replayed in-process through the pooling engine (each request offered when booked, promise kept), travel times from the embedded router on the synthetic Kusel network. "Every ride alone": the same engine and fleet, each ride taking a whole vehicle.',
    `Replay took ${t1 - t0} ms with pooling and ${t2 - t1} ms alone (one run, Node ${process.version}). Run on ${new Date().toISOString().slice(0, 10)}.`,
    '',
    table,
  ].join('\n');
  const file = join(ROOT, 'BENCHMARKS.md');
  writeBenchmarkSection(file, 'day', section);
  console.log(`updated ${file}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
