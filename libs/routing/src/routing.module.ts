import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { CountyNetworksRoutingAdapter } from './county-networks-routing.adapter';
import { EmbeddedRoutingAdapter } from './embedded-routing.adapter';
import { OsrmRoutingAdapter } from './osrm/osrm-routing.adapter';
import { RoutingPort } from './routing.port';
import { StopMatrixCache } from './matrix/stop-matrix-cache';

export interface RoutingModuleOptions {
  /** Base URL of osrm-routed (e.g. `http://osrm:5000`); when set, the embedded router is not loaded. */
  osrmUrl?: string;
  /** OSM file for the embedded router (`.osm`, `.osm.gz`, `.osm.pbf`). */
  osmFile: string;
  /** Where the embedded router keeps its prepared-graph cache (default `.cache/routing`). */
  cacheDir?: string;
  /** Largest OSRM table block per request (default 100, osrm-routed's default --max-table-size). */
  maxTableSize?: number;
}

/**
 * Provides {@link RoutingPort} (and a {@link StopMatrixCache} over it): OSRM over HTTP when
 * `osrmUrl` is set, else the embedded router built from `osmFile`.
 */
@Module({})
export class RoutingModule {
  static forRoot(options: RoutingModuleOptions): DynamicModule {
    const routingPort: Provider = options.osrmUrl
      ? {
          provide: RoutingPort,
          useValue: new OsrmRoutingAdapter({
            baseUrl: options.osrmUrl,
            maxTableSize: options.maxTableSize,
          }),
        }
      : {
          provide: RoutingPort,
          // the installation's road file, and the counties' own files once they are known
          useFactory: async () =>
            new CountyNetworksRoutingAdapter(
              await EmbeddedRoutingAdapter.fromOsmFile(options.osmFile, {
                cacheDir: options.cacheDir,
              }),
              [],
            ),
        };
    const matrixCache: Provider = {
      provide: StopMatrixCache,
      useFactory: (port: RoutingPort) => new StopMatrixCache(port),
      inject: [RoutingPort],
    };
    return {
      module: RoutingModule,
      global: true,
      providers: [routingPort, matrixCache],
      exports: [RoutingPort, StopMatrixCache],
    };
  }
}
