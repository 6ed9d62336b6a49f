import { randomUUID } from 'node:crypto';
import {
  ConflictError,
  echo,
  foldQuery,
  isUuid,
  NotFoundError,
  RuleViolationError,
  stopSearchKey,
} from '@app/domain';
import { StopEntity, StopKind } from '@app/persistence';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CountiesService } from '../counties/counties.service';

export interface StopView {
  id: string;
  code: string;
  name: string;
  kind: StopKind;
  isMainHub: boolean;
  lat: number;
  lon: number;
  ags: string | null;
  wheelchairAccessible: boolean;
  active: boolean;
  /** Only in searches from a point: great-circle distance, metres. */
  distanceM?: number;
}

export interface StopSearch {
  q?: string;
  near?: { lat: number; lon: number };
  radiusM?: number;
  kind?: StopKind;
  countyId?: string;
  /**
   * The county's key. Left out in a search near a position: the counties whose service areas
   * contain it (every county when none does); else every county.
   */
  countyCode?: string;
  includeInactive?: boolean;
  limit: number;
}

export interface StopInput {
  code?: string;
  name: string;
  kind: StopKind;
  lat: number;
  lon: number;
  ags?: string | null;
  wheelchairAccessible?: boolean;
  isMainHub?: boolean;
  active?: boolean;
}

export function toStopView(s: StopEntity, distanceM?: number): StopView {
  const v: StopView = {
    id: s.id,
    code: s.code,
    name: s.name,
    kind: s.kind,
    isMainHub: s.isMainHub,
    lat: s.lat,
    lon: s.lon,
    ags: s.ags,
    wheelchairAccessible: s.wheelchairAccessible,
    active: s.active,
  };
  if (distanceM !== undefined) v.distanceM = Math.round(distanceM);
  return v;
}

// Haversine in SQL, metres; :lat/:lon are the search point.
const DISTANCE_SQL = `(2 * 6371008.8 * asin(least(1, sqrt(
  power(sin(radians(s.lat - :lat) / 2), 2) +
  cos(radians(:lat)) * cos(radians(s.lat)) * power(sin(radians(s.lon - :lon) / 2), 2)))))`;

/** Finding stops by name or distance, and the office's upkeep of them. */
@Injectable()
export class StopsService {
  constructor(
    private readonly ds: DataSource,
    private readonly counties: CountiesService,
  ) {}

  async search(s: StopSearch): Promise<StopView[]> {
    const qb = this.ds.getRepository(StopEntity).createQueryBuilder('s');
    if (!s.includeInactive) qb.andWhere('s.active = true');
    if (s.countyId) qb.andWhere('s.county_id = :county', { county: s.countyId });
    else if (s.countyCode !== undefined)
      qb.andWhere('s.county_id = :county', {
        county: (await this.counties.byCode(s.countyCode)).id,
      });
    else if (s.near) {
      const around = await this.counties.containing(s.near);
      if (around.length)
        qb.andWhere('s.county_id IN (:...around)', { around: around.map((c) => c.id) });
    }
    if (s.kind) qb.andWhere('s.kind = :kind', { kind: s.kind });
    const folded = s.q ? foldQuery(s.q) : '';
    if (folded) {
      const escape = (w: string) => w.replace(/[\\%_]/g, (c) => `\\${c}`);
      const like = escape(folded);
      // Every word, in any order: riders say "Bahnhof Kusel" for the stop named "Kusel, Bahnhof".
      folded
        .split(' ')
        .slice(0, 8)
        .forEach((word, i) =>
          qb.andWhere(`s.search_key LIKE :word${i}`, { [`word${i}`]: `%${escape(word)}%` }),
        );
      // Names that start with the query first: "Kusel" before "Ruthweiler bei Kusel".
      qb.addSelect(`CASE WHEN s.search_key LIKE :prefix THEN 0 ELSE 1 END`, 'rank').setParameter(
        'prefix',
        `${like}%`,
      );
    }
    if (s.near) {
      qb.addSelect(DISTANCE_SQL, 'distance_m').setParameters({ lat: s.near.lat, lon: s.near.lon });
      if (s.radiusM) qb.andWhere(`${DISTANCE_SQL} <= :radius`, { radius: s.radiusM });
    }
    if (folded) qb.orderBy('rank', 'ASC');
    if (s.near) qb.addOrderBy('distance_m', 'ASC');
    qb.addOrderBy('s.name', 'ASC').addOrderBy('s.id', 'ASC').limit(s.limit);
    const { entities, raw } = await qb.getRawAndEntities<{ s_id: string; distance_m?: number }>();
    const distances = new Map(raw.map((r) => [r.s_id, r.distance_m]));
    return entities.map((e) => toStopView(e, s.near ? Number(distances.get(e.id)) : undefined));
  }

  async get(id: string): Promise<StopView> {
    const s = isUuid(id) ? await this.ds.getRepository(StopEntity).findOneBy({ id }) : null;
    if (!s) throw new NotFoundError('stop', id);
    return toStopView(s);
  }

  async create(countyId: string, input: StopInput): Promise<StopView> {
    const code = input.code ?? `stop-${randomUUID().slice(0, 8)}`;
    const repo = this.ds.getRepository(StopEntity);
    if (await repo.existsBy({ countyId, code })) {
      throw new RuleViolationError([
        { field: 'code', code: 'taken', reason: `a stop with code ${echo(code)} exists` },
      ]);
    }
    const saved = await repo.save(
      repo.create({
        countyId,
        code,
        name: input.name,
        searchKey: stopSearchKey(input.name),
        kind: input.kind,
        lat: input.lat,
        lon: input.lon,
        ags: input.ags ?? null,
        wheelchairAccessible: input.wheelchairAccessible ?? true,
        isMainHub: input.isMainHub ?? false,
        active: input.active ?? true,
      }),
    );
    return toStopView(saved);
  }

  async update(countyId: string, id: string, patch: Partial<StopInput>): Promise<StopView> {
    const repo = this.ds.getRepository(StopEntity);
    const s = isUuid(id) ? await repo.findOneBy({ id, countyId }) : null;
    if (!s) throw new NotFoundError('stop', id);
    if (
      patch.code &&
      patch.code !== s.code &&
      (await repo.existsBy({ countyId, code: patch.code }))
    ) {
      throw new ConflictError(`a stop with code ${patch.code} exists`, 'stop_code_taken');
    }
    Object.assign(s, patch);
    if (patch.name) s.searchKey = stopSearchKey(patch.name);
    return toStopView(await repo.save(s));
  }
}
