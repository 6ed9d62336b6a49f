import { RunningRouterServer, startRouterServer } from '@app/routing';

/** The embedded OSRM-compatible router over the synthetic Kusel network, on a free port. */
export function startSyntheticRouter(): Promise<RunningRouterServer> {
  return startRouterServer({
    osmFile: 'data/osm/kusel-synthetic.osm',
    port: 0,
    host: '127.0.0.1',
    maxTableSize: 1000,
  });
}
