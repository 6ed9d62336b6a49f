import { AppConfig, APP_CONFIG } from '@app/config';
import type { AreaGeometry } from '@app/domain';
import { CountyEntity, ServiceAreaEntity } from '@app/persistence';
import {
  CountyNetworksRoutingAdapter,
  EmbeddedRoutingAdapter,
  RoutingPort,
  StopMatrixCache,
  type CountyNetwork,
} from '@app/routing';
import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleDestroy,
  Optional,
} from '@nestjs/common';
import { DataSource, IsNull, Not } from 'typeorm';
import { roadFileVersion } from './road-file-version';

/**
 * Gives the embedded router the road files of the counties that brought their own
 * (`county:add --osm FILE`): each is loaded once and answers the requests inside its county's
 * active service areas ({@link CountyNetworksRoutingAdapter}). Looked up at start and every
 * `DISPATCH_SWEEP_EVERY_MS`, so a county added later, or a county's road file changed
 * (`county:add --osm` again, or the file replaced in place), needs no restart: the new file is
 * loaded, swapped in, the old one let go, and the cached stop travel times forgotten. With OSRM
 * (one extract for the state) there is nothing to do.
 */
@Injectable()
export class CountyRoadNetworksService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger(CountyRoadNetworksService.name);
  /** Routers by road file version ({@link roadFileVersion}). */
  private readonly loaded = new Map<string, Promise<RoutingPort>>();
  /** The road file version each county routes on now, by county id. */
  private inUse = new Map<string, string>();
  private running?: Promise<void>;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly routing?: RoutingPort,
    @Optional() private readonly matrix?: StopMatrixCache,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!(this.routing instanceof CountyNetworksRoutingAdapter)) return;
    await this.refresh().catch((e: Error) => this.log.error(`county road files: ${e.message}`));
    this.timer = setInterval(
      () => void this.refresh().catch((e: Error) => this.log.warn(e.message)),
      this.config.DISPATCH_SWEEP_EVERY_MS,
    );
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Reads the counties with their own road file and hands their networks to the router. */
  refresh(): Promise<void> {
    // One look at a time: loading a large file may outlast the interval.
    this.running ??= this.look().finally(() => (this.running = undefined));
    return this.running;
  }

  private async look(): Promise<void> {
    if (!(this.routing instanceof CountyNetworksRoutingAdapter)) return;
    const counties = await this.ds
      .getRepository(CountyEntity)
      .find({ where: { osmFile: Not(IsNull()) }, order: { code: 'ASC' } });
    const networks: CountyNetwork[] = [];
    const inUse = new Map<string, string>();
    for (const county of counties) {
      const areas = await this.ds
        .getRepository(ServiceAreaEntity)
        .findBy({ countyId: county.id, status: 'active' });
      if (!areas.length) continue;
      const file = county.osmFile as string;
      // A file gone missing: the county keeps the network it has (else the load below fails).
      const version = (await roadFileVersion(file)) ?? this.inUse.get(county.id) ?? file;
      networks.push({
        countyCode: county.code,
        area: union(areas.map((a) => a.geometry)),
        routing: await this.load(file, version),
      });
      inUse.set(county.id, version);
    }
    // Counties whose roads are others now: a file added, replaced, or given up.
    const changed = [...new Set([...this.inUse.keys(), ...inUse.keys()])].filter(
      (id) => this.inUse.get(id) !== inUse.get(id),
    );
    this.routing.setNetworks(networks);
    this.inUse = inUse;
    const used = new Set(inUse.values());
    for (const key of [...this.loaded.keys()]) if (!used.has(key)) this.loaded.delete(key);
    if (changed.length) {
      // Travel times between stops were taken on the roads before.
      this.matrix?.clear();
      this.log.log(
        `county road files changed (${changed.length} county(ies)); travel times renewed`,
      );
    }
  }

  private load(file: string, version: string): Promise<RoutingPort> {
    let r = this.loaded.get(version);
    if (!r) {
      this.log.log(`loading county road file ${file}`);
      r = EmbeddedRoutingAdapter.fromOsmFile(file).catch((e: Error) => {
        this.loaded.delete(version);
        throw e;
      });
      this.loaded.set(version, r);
    }
    return r;
  }
}

/** Several areas as one MultiPolygon ([lon, lat]). */
function union(areas: AreaGeometry[]): AreaGeometry {
  if (areas.length === 1) return areas[0];
  return {
    type: 'MultiPolygon',
    coordinates: areas.flatMap((a) => (a.type === 'Polygon' ? [a.coordinates] : a.coordinates)),
  };
}
