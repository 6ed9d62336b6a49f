/**
 * The simulator: a generated weekday in Landkreis Kusel played against the running booking API
 * and realtime gateway, as riders and drivers would. The day generator is libs/simulation's;
 * the live riders and drivers (socket.io-client, a development dependency) live only here.
 *
 *   npm run simulate -- [--seed 1] [--speed 10] [--share 1] [--minutes 60]
 *   env: API_URL (http://localhost:3000), GATEWAY_URL (http://localhost:3001),
 *        OSRM_URL (routing for the vehicles' paths; unset: the embedded router)
 */
import { loadMunicipalities, loadRailStations } from '@app/kusel-data';
import { EmbeddedRoutingAdapter, OsrmRoutingAdapter, RoutingPort } from '@app/routing';
import { figuresMarkdown, kuselPlaces } from '@app/simulation';
import { runLive } from './live/live-run';
import { parseArgs } from 'node:util';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '1' },
      speed: { type: 'string', default: '10' },
      share: { type: 'string', default: '1' },
      minutes: { type: 'string' },
    },
  });
  const routing: RoutingPort = process.env.OSRM_URL
    ? new OsrmRoutingAdapter({ baseUrl: process.env.OSRM_URL })
    : await EmbeddedRoutingAdapter.fromOsmFile(
        process.env.ROUTER_OSM_FILE ?? 'data/osm/kusel-synthetic.osm',
      );
  const summary = await runLive({
    apiUrl: process.env.API_URL ?? 'http://localhost:3000',
    gatewayUrl: process.env.GATEWAY_URL ?? 'http://localhost:3001',
    routing,
    places: kuselPlaces(loadMunicipalities(), loadRailStations()),
    seed: Number(values.seed),
    speed: Number(values.speed),
    share: Number(values.share),
    maxRealS: values.minutes ? Number(values.minutes) * 60 : undefined,
    log: (line) => console.log(`[simulator] ${line}`),
  });
  console.log(
    `[simulator] done: ${summary.booked} booked (${summary.confirmed} confirmed, ${summary.rejected} rejected, ` +
      `${summary.cancelled} cancelled, ${summary.failed} failed); ${summary.vehicles} vehicles sent ` +
      `${summary.positions} positions and ${summary.stopEvents} stop events`,
  );
  console.log(
    figuresMarkdown([{ name: 'service figures (admin stats)', figures: summary.figures }]),
  );
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
