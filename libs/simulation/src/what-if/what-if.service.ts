import type { OperatingHours, ServiceFigures } from '@app/domain';
import { NotFoundError } from '@app/domain';
import { loadMunicipalities, loadRailStations } from '@app/kusel-data';
import { ServiceAreaEntity } from '@app/persistence';
import { StopMatrixCache } from '@app/routing';
import { Injectable } from '@nestjs/common';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { DataSource } from 'typeorm';
import { runDay } from '../engine/day-runner';
import { kuselFleet } from '../engine/fleet';
import { buildTravelMatrix, type TravelMatrix } from '../engine/travel-matrix';
import { generateDay } from '../generator/day-generator';
import { kuselPlaces } from '../generator/places';
import { DEFAULT_SIM_RULES, type SimPlace, type SimRules } from '../model/sim.types';

export interface WhatIfInput {
  seed?: number;
  /** Draft service area whose polygon, weekday hours and rules are tried. */
  draftAreaId?: string;
  /** Vehicles in the draft (the live fleet's count when omitted). */
  fleetSize?: number;
}

export interface WhatIfSide {
  fleetSize: number;
  rules: SimRules;
  figures: ServiceFigures;
}

export interface WhatIfResult {
  seed: number;
  requests: number;
  live: WhatIfSide;
  draft: WhatIfSide;
}

/**
 * Replays one generated weekday in-process through the pooling engine with the live settings
 * (active service area, active fleet) and with draft settings, so the office compares figures
 * before publishing. Nothing is written.
 */
@Injectable()
export class WhatIfService {
  private places: SimPlace[] | null = null;
  private matrix: Promise<TravelMatrix> | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly stopMatrix: StopMatrixCache,
  ) {}

  async compare(countyId: string, input: WhatIfInput): Promise<WhatIfResult> {
    const areas = this.ds.getRepository(ServiceAreaEntity);
    const live = await areas.findOne({
      where: { countyId, status: 'active' },
      order: { createdAt: 'ASC' },
    });
    if (!live) throw new NotFoundError('active service area', countyId);
    const draft = input.draftAreaId
      ? await areas.findOneBy({ id: input.draftAreaId, countyId }).catch(() => null)
      : live;
    if (!draft) throw new NotFoundError('service area', input.draftAreaId ?? '');
    const [{ n }] = await this.ds.query(
      `SELECT count(*)::int AS n FROM vehicles WHERE county_id = $1 AND active`,
      [countyId],
    );
    this.places ??= kuselPlaces(loadMunicipalities(), loadRailStations());
    this.matrix ??= buildTravelMatrix(this.places, this.stopMatrix);
    this.matrix.catch(() => (this.matrix = null));
    const matrix = await this.matrix;
    const seed = input.seed ?? 1;
    const day = generateDay(this.places, { seed });
    const side = (area: ServiceAreaEntity, fleetSize: number): WhatIfSide => {
      const rules = rulesOf(area);
      const servedCodes = new Set(
        (this.places as SimPlace[])
          .filter((p) => booleanPointInPolygon([p.lon, p.lat], area.geometry))
          .map((p) => p.code),
      );
      const { figures } = runDay(day, kuselFleet(fleetSize), matrix, { rules, servedCodes });
      return { fleetSize, rules, figures };
    };
    return {
      seed,
      requests: day.length,
      live: side(live, n),
      draft: side(draft, input.fleetSize ?? n),
    };
  }
}

/** A weekday's opening (Monday's first interval) and the area's pooling rules. */
function rulesOf(a: ServiceAreaEntity): SimRules {
  const monday = (a.operatingHours as OperatingHours).mon?.[0];
  const toS = (hhmm: string) => Number(hhmm.slice(0, 2)) * 3600 + Number(hhmm.slice(3, 5)) * 60;
  return {
    ...DEFAULT_SIM_RULES,
    pickupWindowMin: a.pickupWindowMin,
    maxRideFactor: a.maxRideFactor,
    maxRideExtraMin: a.maxRideExtraMin,
    minNoticeMin: a.minNoticeMin,
    openS: monday ? toS(monday.start) : 0,
    closeS: monday ? toS(monday.end) : 0,
  };
}
