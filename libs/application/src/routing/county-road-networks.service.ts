import { AppConfig, APP_CONFIG } from '@app/config';
import type { AreaGeometry } from '@app/domain';
import { CountyEntity, ServiceAreaEntity } from '@app/persistence';
import {
  CountyNetworksRoutingAdapter,
  EmbeddedRoutingAdapter,
  RoutingPort,
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
import { IsNull, Not } from 'typeorm';
import { DataSource } from 'typeorm';

/**
 * Gives the embedded router the road files of the counties that brought their own
 * (`county:add --osm FILE`): each is loaded once and answers the requests inside its county's
 * active service areas ({@link CountyNetworksRoutingAdapter}). Looked up at start and every
 * `DISPATCH_SWEEP_EVERY_MS`, so a county added later needs no restart. With OSRM (one extract
 * for the state) there is nothing to do.
 */
@Injectable()
export class CountyRoadNetworksService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger(CountyRoadNetworksService.name);
  private readonly loaded = new Map<string, Promise<RoutingPort>>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly routing?: RoutingPort,
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
  async refresh(): Promise<void> {
    if (!(this.routing instanceof CountyNetworksRoutingAdapter)) return;
    const counties = await this.ds
      .getRepository(CountyEntity)
      .find({ where: { osmFile: Not(IsNull()) }, order: { code: 'ASC' } });
    const networks: CountyNetwork[] = [];
    for (const county of counties) {
      const areas = await this.ds
        .getRepository(ServiceAreaEntity)
        .findBy({ countyId: county.id, status: 'active' });
      if (!areas.length) continue;
      networks.push({
        countyCode: county.code,
        area: union(areas.map((a) => a.geometry)),
        routing: await this.load(county.osmFile as string),
      });
    }
    this.routing.setNetworks(networks);
  }

  private load(file: string): Promise<RoutingPort> {
    let r = this.loaded.get(file);
    if (!r) {
      this.log.log(`loading county road file ${file}`);
      r = EmbeddedRoutingAdapter.fromOsmFile(file).catch((e: Error) => {
        this.loaded.delete(file);
        throw e;
      });
      this.loaded.set(file, r);
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
