import { isInsideArea, isUuid, LatLon, NotFoundError, RuleViolationError } from '@app/domain';
import { CountyEntity, ServiceAreaEntity, StopEntity } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * The counties this installation serves. No county key is written into code: a request names its
 * county, or it follows from the token, from a stop, or from the service area around a position
 * ({@link resolve}, {@link ofStop}, {@link containing}).
 */
@Injectable()
export class CountiesService {
  constructor(private readonly ds: DataSource) {}

  list(): Promise<CountyEntity[]> {
    return this.ds.getRepository(CountyEntity).find({ order: { code: 'ASC' } });
  }

  /**
   * The county the installation was set up for: the one created first. Adding a county never
   * changes it (by key, a county added later with a lower key would take over).
   */
  firstSetUp(): Promise<CountyEntity | null> {
    return this.ds
      .getRepository(CountyEntity)
      .findOne({ where: {}, order: { createdAt: 'ASC', code: 'ASC' } });
  }

  async byCode(code: string): Promise<CountyEntity> {
    const c = await this.ds.getRepository(CountyEntity).findOneBy({ code });
    if (!c) throw new NotFoundError('county', code);
    return c;
  }

  /**
   * The county named by its key; without a key, the installation's only county.
   * @param field the request field that names the county, for the error
   * @throws RuleViolationError `required` on `field` when several counties are served (or none)
   * @throws NotFoundError for an unknown key
   */
  async resolve(code: string | undefined, field = 'county'): Promise<CountyEntity> {
    if (code !== undefined) return this.byCode(code);
    const all = await this.ds.getRepository(CountyEntity).find({ take: 2 });
    if (all.length === 1) return all[0];
    throw new RuleViolationError([
      {
        field,
        code: 'required',
        reason: all.length
          ? 'name the county (its key, e.g. 07336): this installation serves several'
          : 'no county is set up',
      },
    ]);
  }

  /** The county a stop belongs to. @throws NotFoundError for an unknown stop */
  async ofStop(stopId: string, field = 'stopId'): Promise<CountyEntity> {
    const stop = isUuid(stopId)
      ? await this.ds.getRepository(StopEntity).findOne({
          where: { id: stopId },
          relations: { county: true },
        })
      : null;
    if (!stop?.county) throw new NotFoundError(field === 'stopId' ? 'stop' : field, stopId);
    return stop.county;
  }

  /**
   * The county a public request concerns, by the first of: its key, a stop of it, a position in
   * its service area (the first by key where areas overlap); with none of them the only county.
   * @throws RuleViolationError `required` on `field` when nothing settles it
   */
  async pick(
    by: { code?: string; stopId?: string; near?: LatLon },
    field = 'county',
  ): Promise<CountyEntity> {
    if (by.code !== undefined) return this.byCode(by.code);
    if (by.stopId !== undefined) return this.ofStop(by.stopId);
    const around = by.near ? await this.containing(by.near) : [];
    return around[0] ?? this.resolve(undefined, field);
  }

  /** The counties whose active service areas contain the position (several where areas overlap). */
  async containing(point: LatLon): Promise<CountyEntity[]> {
    const areas = await this.ds
      .getRepository(ServiceAreaEntity)
      .find({ where: { status: 'active' }, relations: { county: true } });
    const found = new Map<string, CountyEntity>();
    for (const a of areas)
      if (a.county && isInsideArea(point, a.geometry)) found.set(a.countyId, a.county);
    return [...found.values()].sort((a, b) => a.code.localeCompare(b.code));
  }
}
