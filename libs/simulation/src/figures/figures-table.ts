import type { ServiceFigures } from '@app/domain';

/** Rows of figures for side-by-side tables: label and a formatter. */
const ROWS: Array<[string, (f: ServiceFigures) => string]> = [
  ['requests', (f) => `${f.requests}`],
  [
    'served (share of requests not cancelled, no-shows aside)',
    (f) => `${f.served} (${pct(f.servedShare)})`,
  ],
  ['rejected', (f) => `${f.rejected}`],
  ['cancelled by rider', (f) => `${f.cancelled}`],
  ['no-shows', (f) => `${f.noShows}`],
  ['riders (passengers)', (f) => `${f.riders}`],
  ['vehicle trips', (f) => `${f.vehicleTrips}`],
  ['riders per vehicle trip', (f) => f.ridersPerTrip.toFixed(2)],
  ['vehicle-km', (f) => f.vehicleKm.toFixed(1)],
  ['direct ride km (served)', (f) => f.directKm.toFixed(1)],
  ['vehicle-km / direct km', (f) => f.kmRatio.toFixed(2)],
  [
    'wait, depart-at rides: mean / p90 min',
    (f) => `${f.waitMin.mean.toFixed(1)} / ${f.waitMin.p90.toFixed(1)}`,
  ],
  [
    'ride time / direct: mean / p90',
    (f) => `${f.detour.mean.toFixed(2)} / ${f.detour.p90.toFixed(2)}`,
  ],
  [
    'excess ride min: mean / p90',
    (f) => `${f.excessRideMin.mean.toFixed(1)} / ${f.excessRideMin.p90.toFixed(1)}`,
  ],
  ['promises kept', (f) => `${f.promisesKept} / ${f.promisesGiven}`],
  ['fleet use (busy / shift time)', (f) => pct(f.fleetUse)],
];

function pct(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}

/** A Markdown table with one column per named run. */
export function figuresMarkdown(runs: Array<{ name: string; figures: ServiceFigures }>): string {
  const head = `| figure | ${runs.map((r) => r.name).join(' | ')} |`;
  const sep = `| --- | ${runs.map(() => '---:').join(' | ')} |`;
  const rows = ROWS.map(
    ([label, fmt]) => `| ${label} | ${runs.map((r) => fmt(r.figures)).join(' | ')} |`,
  );
  return [head, sep, ...rows].join('\n');
}
